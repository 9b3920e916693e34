// Where the bytes of the wasm are: code size per function, grouped by the crate or payrail module its name starts
// with, plus the data segments (.rodata: strings, tables, panic locations). Reads the function names from the
// wasm's "name" section, so give it the wasm-bindgen output before wasm-opt strips them:
//   node bench/wasm-sizes.mjs target/wasm-bindgen/payrail_bg.wasm [--top N]
// (the bench/README.md table "Size: where the bytes are"). The WebAssembly binary format it walks is the
// specification's, section 5 (https://webassembly.github.io/spec/core/binary/).
import { readFileSync } from 'node:fs';
import { readImports, reader, sections } from '../scripts/wasm-names.mjs';

const file = process.argv[2];
if (!file) throw new Error('usage: node bench/wasm-sizes.mjs <file.wasm> [--top N]');
const topN = process.argv.includes('--top') ? Number(process.argv[process.argv.indexOf('--top') + 1]) : 0;
const bytes = readFileSync(file);

// The module's sections and its imports are read by scripts/wasm-names.mjs's reader (the build's, checked there).
const all = sections(bytes);
const importSection = all.find((s) => s.id === 2);
// The imported functions come first in the function index space.
const importedFunctions = importSection ? readImports(bytes, importSection).filter((i) => i.desc[0] === 0).length : 0;
const bodies = []; // code size of each defined function, in order
const names = new Map(); // function index -> name
const sizes = { code: 0, data: 0, names: 0, other: 0 };
for (const s of all) {
  const size = s.end - s.start;
  const r = reader(bytes, s.start, s.end);
  if (s.id === 10) { // code
    for (let n = r.u32(); n > 0; n--) {
      const body = r.u32();
      bodies.push(body);
      r.skip(body);
    }
    sizes.code += size;
  } else if (s.id === 11) {
    sizes.data += size;
  } else if (s.id === 0 && r.name() === 'name') {
    sizes.names += size;
    while (!r.done()) {
      const sub = r.byte();
      const len = r.u32();
      const next = r.at + len;
      if (sub === 1) for (let n = r.u32(); n > 0; n--) { const idx = r.u32(); names.set(idx, r.name()); }
      r.skip(next - r.at);
    }
  } else {
    sizes.other += size; // imports, exports, types, tables, other custom sections
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
