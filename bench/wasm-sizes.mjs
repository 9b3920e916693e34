// Where the bytes of the wasm are: code size per function, grouped by the crate or payrail module its name starts
// with, plus the data segments (.rodata: strings, tables, panic locations). Reads the function names from the
// wasm's "name" section, so give it the wasm-bindgen output before wasm-opt strips them:
//   node bench/wasm-sizes.mjs target/wasm-bindgen/payrail_bg.wasm [--top N]
// (the bench/README.md table "Size: where the bytes are"). The WebAssembly binary format it walks is the
// specification's, section 5 (https://webassembly.github.io/spec/core/binary/).
import { readFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/wasm-sizes.mjs <file.wasm> [--top N]');
const topN = process.argv.includes('--top') ? Number(process.argv[process.argv.indexOf('--top') + 1]) : 0;
const bytes = readFileSync(file);

/** A reader of LEB128 integers and names over `bytes` from `pos`. */
function reader(pos, end) {
  const r = {
    pos,
    end,
    u32() {
      let result = 0;
      let shift = 0;
      for (;;) {
        if (r.pos >= r.end) throw new Error('truncated LEB128');
        const b = bytes[r.pos++];
        result += (b & 0x7f) * 2 ** shift;
        if (!(b & 0x80)) return result;
        shift += 7;
      }
    },
    name() {
      const n = r.u32();
      const s = bytes.toString('utf8', r.pos, r.pos + n);
      r.pos += n;
      return s;
    },
  };
  return r;
}

if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file}: not a wasm module`);
const sections = [];
for (const r = reader(8, bytes.length); r.pos < r.end;) {
  const id = bytes[r.pos++];
  const size = r.u32();
  sections.push({ id, start: r.pos, size });
  r.pos += size;
}

let importedFunctions = 0;
const bodies = []; // code size of each defined function, in order
const names = new Map(); // function index -> name
const sizes = { code: 0, data: 0, names: 0, other: 0 };
for (const s of sections) {
  const r = reader(s.start, s.start + s.size);
  if (s.id === 2) { // imports: count the functions, which come first in the function index space
    for (let n = r.u32(); n > 0; n--) {
      r.name();
      r.name();
      const kind = bytes[r.pos++];
      if (kind === 0) { r.u32(); importedFunctions++; } // a function: its type index
      else if (kind === 1) { r.pos++; const flags = r.u32(); r.u32(); if (flags & 1) r.u32(); } // table
      else if (kind === 2) { const flags = r.u32(); r.u32(); if (flags & 1) r.u32(); } // memory
      else if (kind === 3) r.pos += 2; // global: value type, mutability
      else if (kind === 4) { r.pos++; r.u32(); } // tag
      else throw new Error(`unknown import kind ${kind}`);
    }
    sizes.other += s.size;
  } else if (s.id === 10) { // code
    for (let n = r.u32(); n > 0; n--) {
      const size = r.u32();
      bodies.push(size);
      r.pos += size;
    }
    sizes.code += s.size;
  } else if (s.id === 11) {
    sizes.data += s.size;
  } else if (s.id === 0) {
    const name = r.name();
    if (name === 'name') {
      sizes.names += s.size;
      while (r.pos < r.end) {
        const sub = bytes[r.pos++];
        const len = r.u32();
        const next = r.pos + len;
        if (sub === 1) for (let n = r.u32(); n > 0; n--) { const idx = r.u32(); names.set(idx, r.name()); }
        r.pos = next;
      }
    } else {
      sizes.other += s.size;
    }
  } else {
    sizes.other += s.size;
  }
}

/** The group of a function name: payrail's provider or layer, else the crate it comes from. */
function group(name) {
  if (!name) return 'unnamed';
  if (!name.includes('::')) return 'export shims and intrinsics (no path: `momocore_new`, `__muloti4`...)';
  const m = /payrail::(providers|client|wasm)::([a-z_]+)/.exec(name);
  if (m && /^(unipesa|momo|cinetpay|viralpay|alianspay)$/.test(m[2])) return `payrail: ${m[2]} (${m[1]})`;
  if (/future_to_promise|js_sys::futures|wasm_bindgen_futures/.test(name)) return 'async exports (futures into promises)';
  if (/^payrail::|<payrail::|payrail\[/.test(name) || /payrail::/.test(name)) return `payrail: ${(/payrail::([a-z_]+)/.exec(name) || [])[1] ?? 'other'}`;
  const crate = /^<?&?(?:mut )?(?:dyn )?([A-Za-z0-9_]+)(?:\[[0-9a-f]+\])?::/.exec(name);
  if (crate) {
    const c = crate[1];
    if (/^(core|alloc|std|__rustc|dlmalloc|compiler_builtins)$/.test(c)) return `Rust std (${c})`;
    return c;
  }
  if (/^__wbg|^__wbindgen|externref|multivalue shim/.test(name)) return 'wasm-bindgen';
  return 'other';
}

const groups = new Map();
const fns = [];
bodies.forEach((size, i) => {
  const name = names.get(importedFunctions + i);
  fns.push({ name, size });
  const g = group(name);
  groups.set(g, (groups.get(g) || 0) + size);
});
const total = sizes.code + sizes.data + sizes.other; // the name section left out
console.log(`${file}: ${bytes.length} bytes; code ${sizes.code}, data ${sizes.data}, names ${sizes.names}, other ${sizes.other}`);
console.log(`| share of the wasm without names (${total} bytes) | bytes | % |\n|---|---|---|`);
const rows = [...groups].map(([g, b]) => [g, b]);
rows.push(['data: .rodata (strings, tables, panic locations)', sizes.data]);
rows.push(['other sections (types, imports, exports, tables)', sizes.other]);
for (const [g, b] of rows.sort((a, b) => b[1] - a[1])) console.log(`| ${g} | ${b} | ${((100 * b) / total).toFixed(1)}% |`);
if (topN) {
  console.log(`\nlargest ${topN} functions:`);
  for (const f of fns.sort((a, b) => b.size - a.size).slice(0, topN)) console.log(`  ${String(f.size).padStart(7)}  ${f.name}`);
}
