// Shortens the names of the wasm's imports from its glue (scripts/build-wasm.sh runs this on each entry after
// wasm-opt), in the wasm and in the glue alike:
//   __wbg_setTimeout_60395fa38a185da3 -> setTimeout_1a      (the glue's name, less its prefix and hash, + an index)
//   module "./payrail_bg.js"          -> "w"
// wasm-bindgen names each import `__wbg_<name>_<16 hex digits>` under the module "./payrail_bg.js": ~40 bytes per
// import, written twice (the wasm's import section, the glue's imports object) and ~100 imports per entry. Node
// parses the glue at every import of an entry and V8 reads every import name when it compiles and instantiates
// the module; the hashes are also what gzip cannot shrink (bench/README.md, start-up and sizes). Only the names
// change: the same imports, in the same order, with the same functions.
//
// Usage: node scripts/short-imports.mjs <payrail_bg.wasm> <payrail.js>   (both rewritten in place)
// The wasm's binary format is the specification's, section 5.5.5 "Import Section"
// (https://webassembly.github.io/spec/core/binary/modules.html#import-section).
import fs from 'node:fs';

const [wasmFile, glueFile] = process.argv.slice(2);
if (!wasmFile || !glueFile) {
  console.error('usage: node scripts/short-imports.mjs <payrail_bg.wasm> <payrail.js>');
  process.exit(2);
}
const GLUE_MODULE = './payrail_bg.js';
const SHORT_MODULE = 'w';

const bytes = fs.readFileSync(wasmFile);
let pos = 8; // after the magic number and the version
const u32 = () => {
  let result = 0;
  for (let shift = 0; ; shift += 7) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if (!(b & 0x80)) return result;
  }
};
const leb = (n) => {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return Buffer.from(out);
};
const name = () => {
  const n = u32();
  const s = bytes.subarray(pos, pos + n).toString('utf8');
  pos += n;
  return s;
};
const encodedName = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([leb(b.length), b]);
};

/** The import descriptor at `pos` (func, table, memory or global), skipped: its bytes are kept as they are. */
function skipDescriptor() {
  const kind = bytes[pos++];
  const limits = () => {
    const flags = u32();
    u32();
    if (flags & 1) u32();
  };
  if (kind === 0x00) u32(); // a function: its type index
  else if (kind === 0x01) {
    pos++; // a table: its reference type, then limits
    limits();
  } else if (kind === 0x02) limits();
  else if (kind === 0x03) pos += 2; // a global: its value type and mutability
  else throw new Error(`${wasmFile}: import descriptor kind ${kind} at ${pos - 1}`);
  return kind;
}

const renames = new Map();
const out = [bytes.subarray(0, 8)];
let sections = 0;
while (pos < bytes.length) {
  const start = pos;
  const id = bytes[pos++];
  const size = u32();
  const end = pos + size;
  if (id !== 2) {
    out.push(bytes.subarray(start, end));
    pos = end;
    continue;
  }
  sections += 1;
  const count = u32();
  const entries = [leb(count)];
  for (let i = 0; i < count; i++) {
    const module = name();
    const field = name();
    const descStart = pos;
    const kind = skipDescriptor();
    let [newModule, newField] = [module, field];
    if (module === GLUE_MODULE) {
      if (kind !== 0x00) throw new Error(`${wasmFile}: ${field} from ${GLUE_MODULE} is not a function`);
      const base = field.replace(/^__wbg_|^__wbindgen_/, '').replace(/_[0-9a-f]{16}$/, '');
      newField = `${base}_${renames.size.toString(36)}`;
      if (renames.has(field)) throw new Error(`${wasmFile}: ${field} imported twice`);
      renames.set(field, newField);
      newModule = SHORT_MODULE;
    } else if (module === SHORT_MODULE) {
      throw new Error(`${wasmFile}: already shortened (an import from module "${SHORT_MODULE}")`);
    }
    entries.push(encodedName(newModule), encodedName(newField), bytes.subarray(descStart, pos));
  }
  if (pos !== end) throw new Error(`${wasmFile}: the import section ends at ${pos}, not ${end}`);
  const body = Buffer.concat(entries);
  out.push(Buffer.from([2]), leb(body.length), body);
}
if (sections !== 1 || renames.size === 0) throw new Error(`${wasmFile}: expected one import section with imports from ${GLUE_MODULE}`);

// The glue: each import is a key of its imports object (`        __wbg_x_<hash>: function(...`), and the module
// is the key of that object in what __wbg_get_imports returns.
let glue = fs.readFileSync(glueFile, 'utf8');
const once = (from, to) => {
  const n = glue.split(from).length - 1;
  if (n !== 1) throw new Error(`${glueFile}: expected ${JSON.stringify(from)} once, found it ${n} times`);
  glue = glue.replace(from, to);
};
for (const [from, to] of renames) once(`\n        ${from}: `, `\n        ${to}: `);
once(`\n        "${GLUE_MODULE}": import0,`, `\n        "${SHORT_MODULE}": import0,`);
for (const from of renames.keys()) {
  if (glue.includes(from)) throw new Error(`${glueFile}: ${from} is still named after the renaming`);
}

fs.writeFileSync(wasmFile, Buffer.concat(out));
fs.writeFileSync(glueFile, glue);
