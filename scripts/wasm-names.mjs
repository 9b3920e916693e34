// Short import and export names for one entry's wasm and its wasm-bindgen glue (scripts/build-wasm.sh runs this
// after wasm-opt). wasm-bindgen names every import after its JS binding with a hash (`__wbg_call_13410aac570ffff7`)
// and puts it under the module `./payrail_bg.js` (the errors.js snippet under `./snippets/payrail-<hash>/js/
// errors.js`); each name is written twice, in the wasm's import section and as a key of the glue's import
// object. The exports (`momocore_collect`, `__wbindgen_malloc`, ...) are likewise in the export section and in
// every `wasm.<name>` of the glue. Here every import goes to the one module `a` under a name of one or two letters
// (`a`, `b`, ..., `Z`, `aa`, ...), every export but `memory` gets one too, and the glue is rewritten to match:
// its import object's keys (each import written as a method), its `wasm.<name>` reads. Only property names
// change, and the hash in the name of wasm-bindgen's closure shims: no other function or class of the glue is
// renamed, so stack traces name what they named (bench/README.md, "The entries' JS").
//
//   node scripts/wasm-names.mjs <dir>   rewrites <dir>/payrail_bg.wasm and <dir>/payrail.js in place, and writes
//                                       the old -> new names to <dir>/names.json
//
// Everything is checked, or the build stops: each import the wasm declares is a key of the glue's import object
// (or an export of a snippet module the glue imports), each key of the import object is imported by the wasm
// (wasm-opt may drop an unused import: its key is dropped too), and each `wasm.<name>` the glue reads is an export.
import fs from 'node:fs';
import path from 'node:path';

/** The one import module of the rewritten wasm. */
export const MODULE = 'a';
/** Exports kept under their name: `memory` is read by name outside the glue (bench/run.mjs's memory row). */
export const KEPT_EXPORTS = new Set(['memory']);

const FIRST = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const NEXT = `${FIRST}0123456789`;

/** The `i`-th short name (from 0): `a` ... `Z`, then `aa`, `ba`, ... every name distinct, each a JS identifier. */
export function shortName(i) {
  let name = FIRST[i % FIRST.length];
  let rest = Math.floor(i / FIRST.length);
  while (rest > 0) {
    rest -= 1;
    name += NEXT[rest % NEXT.length];
    rest = Math.floor(rest / NEXT.length);
  }
  return name;
}

// ---- the wasm binary: the import section (id 2) and the export section (id 7) ----

/** A reader of the binary format's bytes, LEB128 numbers and names in `bytes` from `start` to `end`. */
export function reader(bytes, start, end) {
  let at = start;
  const r = {
    get at() {
      return at;
    },
    done: () => at >= end,
    skip(n) {
      at += n;
    },
    byte() {
      if (at >= end) throw new Error('wasm-names: the section ends early');
      return bytes[at++];
    },
    u32() {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        if (shift > 28) throw new Error('wasm-names: a LEB128 number too long');
        const b = r.byte();
        value += (b & 0x7f) * 2 ** shift;
        if (!(b & 0x80)) return value;
      }
    },
    name() {
      const len = r.u32();
      if (at + len > end) throw new Error('wasm-names: a name past the end of its section');
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(at, at + len));
      at += len;
      return text;
    },
    limits() {
      const flags = r.byte();
      if (flags & ~0x07) throw new Error(`wasm-names: limits flags ${flags} not known`);
      // bit 0: a maximum follows; bit 2 (memory64) changes only the numbers' width, still LEB128.
      r.u32();
      if (flags & 1) r.u32();
    },
  };
  return r;
}

function u32Bytes(value) {
  const out = [];
  do {
    let b = value & 0x7f;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

function nameBytes(text) {
  const utf8 = new TextEncoder().encode(text);
  return [...u32Bytes(utf8.length), ...utf8];
}

/** The sections of a wasm module: `{ id, header, start, end }`, header the offset of its id byte. */
export function sections(bytes) {
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (bytes.length < 8 || magic.some((b, i) => bytes[i] !== b)) throw new Error('wasm-names: not a wasm module (version 1)');
  const out = [];
  const r = reader(bytes, 8, bytes.length);
  while (!r.done()) {
    const header = r.at;
    const id = r.byte();
    const size = r.u32();
    const start = r.at;
    if (start + size > bytes.length) throw new Error(`wasm-names: section ${id} runs past the end`);
    out.push({ id, header, start, end: start + size });
    r.skip(size);
  }
  return out;
}

/** The one-byte value types (numbers, v128, funcref, externref); a longer one (typed references) is refused. */
const VALUE_TYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f]);

function valueType(r) {
  const type = r.byte();
  if (!VALUE_TYPES.has(type)) throw new Error(`wasm-names: value type 0x${type.toString(16)} not known`);
}

/** The imports of an import section: `{ module, name, desc }`, desc the raw bytes of the import's kind and type. */
export function readImports(bytes, { start, end }) {
  const r = reader(bytes, start, end);
  const count = r.u32();
  const imports = [];
  for (let i = 0; i < count; i++) {
    const module = r.name();
    const name = r.name();
    const from = r.at;
    const kind = r.byte();
    if (kind === 0) r.u32(); // function: its type index
    else if (kind === 1) {
      valueType(r); // table: its reference type, then its limits
      r.limits();
    } else if (kind === 2) r.limits(); // memory
    else if (kind === 3) {
      valueType(r); // global: its value type, then its mutability
      r.byte();
    } else if (kind === 4) {
      r.byte(); // tag: attribute, type index
      r.u32();
    } else throw new Error(`wasm-names: import kind ${kind} not known`);
    imports.push({ module, name, desc: bytes.subarray(from, r.at) });
  }
  if (!r.done()) throw new Error('wasm-names: bytes after the last import');
  return imports;
}

/** The exports of an export section: `{ name, kind, index }`. */
function readExports(bytes, { start, end }) {
  const r = reader(bytes, start, end);
  const count = r.u32();
  const exports = [];
  for (let i = 0; i < count; i++) exports.push({ name: r.name(), kind: r.byte(), index: r.u32() });
  if (!r.done()) throw new Error('wasm-names: bytes after the last export');
  return exports;
}

/**
 * The wasm with its imports moved to MODULE under short names and its exports (but KEPT_EXPORTS) renamed.
 * Returns `{ wasm, imports, exports }`: `imports` maps `module\0name` to the new name (one name per distinct
 * module and name), `exports` maps each old export name to the new one. Nothing else of the module changes.
 */
export function renameWasm(bytes) {
  const all = sections(bytes);
  const importSection = all.find((s) => s.id === 2);
  const exportSection = all.find((s) => s.id === 7);
  const imports = new Map();
  const exports = new Map();
  const payloads = new Map();
  if (importSection) {
    const list = readImports(bytes, importSection);
    const out = [...u32Bytes(list.length)];
    for (const imp of list) {
      const key = `${imp.module}\0${imp.name}`;
      if (!imports.has(key)) imports.set(key, shortName(imports.size));
      out.push(...nameBytes(MODULE), ...nameBytes(imports.get(key)), ...imp.desc);
    }
    payloads.set(importSection, out);
  }
  if (exportSection) {
    const list = readExports(bytes, exportSection);
    const out = [...u32Bytes(list.length)];
    let n = 0;
    for (const exp of list) {
      let name = exp.name;
      if (!KEPT_EXPORTS.has(name)) {
        do name = shortName(n++);
        while (KEPT_EXPORTS.has(name));
        exports.set(exp.name, name);
      }
      out.push(...nameBytes(name), exp.kind, ...u32Bytes(exp.index));
    }
    payloads.set(exportSection, out);
  }
  const parts = [bytes.subarray(0, 8)];
  for (const s of all) {
    const payload = payloads.get(s);
    if (payload) parts.push(Uint8Array.of(s.id, ...u32Bytes(payload.length)), Uint8Array.from(payload));
    else parts.push(bytes.subarray(s.header, s.end));
  }
  return { wasm: concat(parts), imports, exports };
}

function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---- the glue (wasm-bindgen 0.2.130, --target web) ----

const IDENT = /^[A-Za-z_$][\w$]*$/;

/**
 * The glue with its import object and its export reads renamed as `renameWasm` renamed the module. The glue's
 * shape is checked at every step; a glue of another shape stops the build rather than being half rewritten.
 */
export function renameGlue(glue, { imports, exports }) {
  const head = 'function __wbg_get_imports() {\n    const import0 = {\n        __proto__: null,\n';
  const at = glue.indexOf(head);
  if (at < 0 || glue.indexOf(head, at + 1) >= 0) throw new Error('wasm-names: the glue has no single __wbg_get_imports of the known shape');
  const bodyStart = at + head.length;
  const tailRe = /\n {4}\};\n {4}return \{\n {8}__proto__: null,\n((?: {8}"[^"\n]+": import\d+,\n)+) {4}\};\n\}\n/y;
  const bodyEnd = glue.indexOf('\n    };\n    return {\n', bodyStart);
  tailRe.lastIndex = bodyEnd;
  const tail = bodyEnd >= 0 ? tailRe.exec(glue) : null;
  if (!tail) throw new Error('wasm-names: the glue\'s import object does not end in the known `return { "<module>": importN }`');
  // Which JS object each import module is: import0 is the literal, the others `import * as importN from "..."`.
  const objects = new Map();
  for (const m of tail[1].matchAll(/ {8}"([^"\n]+)": (import\d+),\n/g)) objects.set(m[1], m[2]);

  // The literal's properties, each `        <key>: function(...) {` up to its own `        },` line (or
  // `        }, arguments); },` for the imports that catch a JS exception).
  const body = glue.slice(bodyStart, bodyEnd + 1);
  const props = body.split(/(?=^ {8}[A-Za-z_$][\w$]*: )/m);
  if (!/^ {8}[A-Za-z_$][\w$]*: /.test(body)) throw new Error('wasm-names: text before the first import of the glue');
  const literalModule = [...objects].find(([, v]) => v === 'import0')?.[0];
  if (literalModule === undefined) throw new Error('wasm-names: no module of the glue is its import0');
  const provided = new Set();
  let out = '';
  for (const prop of props) {
    const key = /^ {8}([A-Za-z_$][\w$]*): function\(/.exec(prop)?.[1];
    if (!key || !/\n {8}\}(?:, arguments\); \})?,\n$/.test(prop)) throw new Error(`wasm-names: an import of the glue of another shape: ${prop.slice(0, 80)}`);
    provided.add(`${literalModule}\0${key}`);
    const short = imports.get(`${literalModule}\0${key}`);
    if (short === undefined) continue; // not imported by the wasm (wasm-opt dropped it): dead in the glue too
    // A method (`b(arg0) {`): the same function as `b: function(arg0) {`, shorter.
    out += prop.replace(`${key}: function(`, `${short}(`);
  }
  // The imports from the other modules (the snippets): their own exports, read at instantiation.
  for (const [key, short] of imports) {
    const [module, name] = key.split('\0');
    if (module === literalModule) continue;
    const object = objects.get(module);
    if (object === undefined) throw new Error(`wasm-names: the wasm imports from ${module}, which the glue does not provide`);
    if (!IDENT.test(name)) throw new Error(`wasm-names: ${module} import ${name} is no identifier`);
    out += `        ${short}: ${object}.${name},\n`;
    provided.add(key);
  }
  for (const key of imports.keys()) {
    if (!provided.has(key)) throw new Error(`wasm-names: the wasm imports ${key.replace('\0', ' ')}, which the glue does not provide`);
  }
  let text = `${glue.slice(0, bodyStart)}${out.slice(0, -1)}\n    };\n    return { __proto__: null, ${MODULE}: import0 };\n}\n${glue.slice(tailRe.lastIndex)}`;

  // The glue reads the exports as `wasm.<name>` only.
  if (/\bwasm\s*\[/.test(text) || /\bexports\s*\.\s*(?!memory\b)[A-Za-z_$]/.test(text.replace(/instance\.exports;/g, ''))) {
    throw new Error('wasm-names: the glue reads an export otherwise than as wasm.<name>');
  }
  const known = new Set([...KEPT_EXPORTS, ...exports.values()]);
  text = text.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (whole, name) => {
    const short = exports.get(name);
    if (short !== undefined) return `wasm.${short}`;
    if (known.has(name)) return whole;
    throw new Error(`wasm-names: the glue reads wasm.${name}, which the wasm does not export`);
  });
  // wasm-bindgen's JS shims of the Rust closures are named after their Rust symbol, hash included
  // (`wasm_bindgen__convert__closures_____invoke__h13e1108af6e316c4`): the hash, 16 hex digits gzip cannot
  // shorten, becomes a number in the order of first appearance (`wasm_bindgen__convert__closures_____invoke_0`).
  const shims = [...new Set(text.match(/\bwasm_bindgen__convert__closures_____invoke__h[0-9a-f]{16}\b/g) ?? [])];
  shims.forEach((shim, i) => {
    const name = `wasm_bindgen__convert__closures_____invoke_${i}`;
    if (new RegExp(`\\b${name}\\b`).test(text)) throw new Error(`wasm-names: the glue already has a ${name}`);
    text = text.replaceAll(shim, name);
  });
  return text;
}

/** Renames `<dir>/payrail_bg.wasm` and `<dir>/payrail.js` together; returns the names' map. */
export function renameDir(dir) {
  const wasmFile = path.join(dir, 'payrail_bg.wasm');
  const glueFile = path.join(dir, 'payrail.js');
  const renamed = renameWasm(fs.readFileSync(wasmFile));
  const glue = renameGlue(fs.readFileSync(glueFile, 'utf8'), renamed);
  new WebAssembly.Module(renamed.wasm); // still a valid module
  fs.writeFileSync(wasmFile, renamed.wasm);
  fs.writeFileSync(glueFile, glue);
  const names = {
    module: MODULE,
    imports: Object.fromEntries([...renamed.imports].map(([k, v]) => [k.replace('\0', ' '), v])),
    exports: Object.fromEntries(renamed.exports),
  };
  fs.writeFileSync(path.join(dir, 'names.json'), `${JSON.stringify(names, null, 1)}\n`);
  return names;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const dir = process.argv[2];
  if (!dir || process.argv.length !== 3) {
    console.error('usage: node scripts/wasm-names.mjs <dir with payrail_bg.wasm and payrail.js>');
    process.exit(2);
  }
  renameDir(dir);
}
