// scripts/wasm-names.mjs: the short import and export names of each entry's wasm and glue. First on a small
// module written byte by byte here and a glue of wasm-bindgen's shape (every expected value follows from how the
// fixture is built), then on the built package (pkg/, target/wasm-bindgen/<entry>/names.json): every entry's wasm
// imports only short names from the one module, and its glue provides each of them (the module instantiates);
// it carries no custom section (build-wasm.sh drops producers and target_features).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MODULE, renameGlue, renameWasm, shortName } from '../../scripts/wasm-names.mjs';

const ENTRIES = { all: '', unipesa: 'unipesa', momo: 'momo', cinetpay: 'cinetpay', viralpay: 'viralpay', alianspay: 'alianspay', crypto: 'crypto' };
const ROOT = new URL('../../', import.meta.url);

const leb = (n) => {
  const out = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
  return out;
};
const str = (s) => [...leb(Buffer.byteLength(s)), ...Buffer.from(s)];
const section = (id, payload) => [id, ...leb(payload.length), ...payload];

const GLUE_MODULE = './payrail_bg.js';
const SNIPPET = './snippets/payrail-0123456789abcdef/js/errors.js';
/** The function imports of the fixture, in order: module, name, and the value the JS side returns. */
const FUNCTIONS = [
  [GLUE_MODULE, '__wbg_one_1111111111111111', 1],
  [SNIPPET, 'errorFromInfo', 10],
  [GLUE_MODULE, '__wbg_two_2222222222222222', 100],
];

/**
 * A module importing FUNCTIONS (the first twice, as a fourth import), a memory, a global and a table, with a
 * custom section whose size is written padded (two LEB128 bytes for 3), and exporting `run` (f0 * 3 + f1) * 5 +
 * f2 + f3, so that any two imports swapped change its result: 1, 10, 100 give (3 + 10) * 5 + 100 + 1 = 166),
 * `memory` and `second` (the same function).
 */
function fixtureModule() {
  const t0 = [0x60, 0, 1, 0x7f]; // () -> i32
  const imports = [
    ...FUNCTIONS.map(([m, n]) => [...str(m), ...str(n), 0x00, 0]),
    [...str(GLUE_MODULE), ...str(FUNCTIONS[0][1]), 0x00, 0],
    [...str(GLUE_MODULE), ...str('mem'), 0x02, 0x01, 1, 2], // memory: min 1, max 2
    [...str(GLUE_MODULE), ...str('g'), 0x03, 0x7f, 0x00], // global: const i32
    [...str(GLUE_MODULE), ...str('tbl'), 0x01, 0x6f, 0x00, 1], // table: externref, min 1
  ];
  const body = [0, 0x10, 0, 0x41, 3, 0x6c, 0x10, 1, 0x6a, 0x41, 5, 0x6c, 0x10, 2, 0x6a, 0x10, 3, 0x6a, 0x0b];
  const exports = [
    [...str('run'), 0x00, 4],
    [...str('memory'), 0x02, 0],
    [...str('second'), 0x00, 4],
  ];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, ...t0]),
    ...section(2, [imports.length, ...imports.flat()]),
    ...section(3, [1, 0]),
    ...section(7, [exports.length, ...exports.flat()]),
    ...section(10, [1, ...leb(body.length), ...body]),
    0, 0x83, 0x00, ...str('x'), 0xaa, // custom section "x", size 3 written in two bytes
  ]);
}

test('short names: a-z, A-Z, then two characters; all distinct identifiers', () => {
  assert.equal(shortName(0), 'a');
  assert.equal(shortName(25), 'z');
  assert.equal(shortName(26), 'A');
  assert.equal(shortName(51), 'Z');
  assert.equal(shortName(52).length, 2);
  const seen = new Set();
  for (let i = 0; i < 52 * 63; i++) {
    const name = shortName(i);
    assert.match(name, /^[A-Za-z][A-Za-z0-9]*$/);
    assert.ok(!seen.has(name), `${name} twice (at ${i})`);
    seen.add(name);
    if (i < 52 + 52 * 62) assert.ok(name.length <= 2, `${i}: ${name}`);
  }
});

test('renameWasm: every import in the one module under a short name, exports renamed but memory, nothing else changed', () => {
  const before = fixtureModule();
  new WebAssembly.Module(before); // the fixture itself is valid
  const { wasm, imports, exports } = renameWasm(before);
  const module = new WebAssembly.Module(wasm);
  const declared = WebAssembly.Module.imports(module);
  assert.deepEqual(declared.map((i) => [i.module, i.name, i.kind]), [
    [MODULE, 'a', 'function'],
    [MODULE, 'b', 'function'],
    [MODULE, 'c', 'function'],
    [MODULE, 'a', 'function'], // the same module and name: the same short name
    [MODULE, 'd', 'memory'],
    [MODULE, 'e', 'global'],
    [MODULE, 'f', 'table'],
  ]);
  assert.equal(imports.size, 6);
  assert.equal(imports.get(`${SNIPPET}\0errorFromInfo`), 'b');
  assert.deepEqual([...exports], [['run', 'a'], ['second', 'b']]);
  assert.deepEqual(WebAssembly.Module.exports(module).map((e) => e.name), ['a', 'memory', 'b']);
  assert.deepEqual(WebAssembly.Module.customSections(module, 'x').map((b) => [...new Uint8Array(b)]), [[0xaa]]);

  // Each import keeps its meaning: run's result tells the functions apart.
  const js = {};
  FUNCTIONS.forEach(([m, n, value]) => { js[imports.get(`${m}\0${n}`)] = () => value; });
  js[imports.get(`${GLUE_MODULE}\0mem`)] = new WebAssembly.Memory({ initial: 1, maximum: 2 });
  js[imports.get(`${GLUE_MODULE}\0g`)] = 7;
  js[imports.get(`${GLUE_MODULE}\0tbl`)] = new WebAssembly.Table({ element: 'externref', initial: 1 });
  const instance = new WebAssembly.Instance(module, { [MODULE]: js });
  assert.equal(instance.exports.a(), 166);
  assert.equal(instance.exports.b(), 166);
  assert.ok(instance.exports.memory instanceof WebAssembly.Memory);
});

test('renameWasm refuses what it cannot read', () => {
  assert.throws(() => renameWasm(Uint8Array.of(0, 0x61, 0x73, 0x6d, 2, 0, 0, 0)), /not a wasm module/);
  const truncated = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 2, 5, 1, 1, 0x41]);
  assert.throws(() => renameWasm(truncated), /runs past the end|ends early|past the end/);
  const unknownKind = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...section(2, [1, ...str('m'), ...str('n'), 9, 0])]);
  assert.throws(() => renameWasm(unknownKind), /import kind 9/);
  // A global of a typed reference type ((ref null $t): 0x63 and a heap type) is not read as a one-byte type.
  const typedRef = Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, ...section(2, [1, ...str('m'), ...str('n'), 3, 0x63, 0x00, 0])]);
  assert.throws(() => renameWasm(typedRef), /value type 0x63/);
});

/** A glue of wasm-bindgen 0.2.130's shape for the fixture's function imports, one extra import and four export reads. */
function fixtureGlue({ extraRead = '' } = {}) {
  return `import * as import1 from "${SNIPPET}"
export function run() {
    const ret = wasm.run();
    return ret + wasm.second() + wasm.memory.buffer.byteLength${extraRead};
}
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_one_1111111111111111: function() {
            return 1;
        },
        __wbg_unused_3333333333333333: function(arg0) {
            return arg0;
        },
        __wbg_two_2222222222222222: function() { return handleError(function () {
            return 100;
        }, arguments); },
        mem: function() {
        },
        g: function() {
        },
        tbl: function() {
        },
    };
    return {
        __proto__: null,
        "${GLUE_MODULE}": import0,
        "${SNIPPET}": import1,
    };
}
function wasm_bindgen__convert__closures_____invoke__hffffffffffffffff(arg0) {
    wasm_bindgen__convert__closures_____invoke__h0123456789abcdef(arg0);
}
function wasm_bindgen__convert__closures_____invoke__h0123456789abcdef(arg0) {
    return wasm_bindgen__convert__closures_____invoke__hffffffffffffffff;
}
let wasm;
`;
}

test('renameGlue: the import object keyed by the short names in one module (methods), the snippet read from its import, the export reads renamed', () => {
  const renamed = renameWasm(fixtureModule());
  const glue = renameGlue(fixtureGlue(), renamed);
  // Each import a method of that name (`a() {`: shorter than `a: function() {`).
  assert.match(glue, /\n {8}a\(\) \{\n {12}return 1;/);
  assert.match(glue, /\n {8}c\(\) \{ return handleError\(function \(\) \{\n {12}return 100;/);
  assert.match(glue, /\n {8}b: import1\.errorFromInfo,\n/);
  assert.match(glue, /return \{ __proto__: null, a: import0 \};/);
  assert.ok(!glue.includes('__wbg_unused'), 'an import the wasm does not declare is dropped from the glue');
  assert.ok(!glue.includes('__wbg_one') && !glue.includes('./payrail_bg.js'));
  assert.match(glue, /const ret = wasm\.a\(\);\n {4}return ret \+ wasm\.b\(\) \+ wasm\.memory\.buffer/);
  // The closure shims: the hash of each becomes its number, in the order of first appearance, at every use.
  assert.ok(glue.includes(
    'function wasm_bindgen__convert__closures_____invoke_0(arg0) {\n    wasm_bindgen__convert__closures_____invoke_1(arg0);\n}\n' +
      'function wasm_bindgen__convert__closures_____invoke_1(arg0) {\n    return wasm_bindgen__convert__closures_____invoke_0;\n}\n',
  ));
  assert.doesNotMatch(glue, /invoke__h/);

  // The rewritten glue's import object instantiates the renamed module, and run still adds up.
  const getImports = new Function('import1', 'handleError', `${glue.slice(glue.indexOf('function __wbg_get_imports'), glue.indexOf('let wasm;'))}\nreturn __wbg_get_imports();`);
  const object = getImports({ errorFromInfo: () => 10 }, (f, args) => f.apply(null, args));
  object.a.d = new WebAssembly.Memory({ initial: 1, maximum: 2 });
  object.a.e = 7;
  object.a.f = new WebAssembly.Table({ element: 'externref', initial: 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(renamed.wasm), object);
  assert.equal(instance.exports.a(), 166);
});

test('renameGlue stops the build on a glue that does not match its wasm', () => {
  const renamed = renameWasm(fixtureModule());
  // The wasm imports a name the glue lacks.
  assert.throws(() => renameGlue(fixtureGlue().replace('        g: function() {\n        },\n', ''), renamed), /imports \.\/payrail_bg\.js g, which the glue does not provide/);
  // The snippet module is not among the glue's modules.
  assert.throws(() => renameGlue(fixtureGlue().replace(`        "${SNIPPET}": import1,\n`, ''), renamed), /imports from \.\/snippets\/.*which the glue does not provide/);
  // The glue reads an export the wasm lacks.
  assert.throws(() => renameGlue(fixtureGlue({ extraRead: ' + wasm.gone()' }), renamed), /reads wasm\.gone/);
  // An export read otherwise than wasm.<name>.
  assert.throws(() => renameGlue(fixtureGlue({ extraRead: " + wasm['run']()" }), renamed), /otherwise than/);
  // A glue of another shape.
  assert.throws(() => renameGlue(fixtureGlue().replace('__proto__: null,\n        __wbg_one', '__wbg_one'), renamed), /known shape/);
  assert.throws(() => renameGlue(fixtureGlue().replace('mem: function() {', 'mem: () => {'), renamed), /another shape/);
});

test('the built package: each wasm imports short names from the one module, and its entry instantiates it', async () => {
  for (const [name, dir] of Object.entries(ENTRIES)) {
    const at = (f) => new URL(`pkg/${dir ? `${dir}/` : ''}${f}`, ROOT);
    const module = new WebAssembly.Module(readFileSync(at('payrail_bg.wasm')));
    const names = JSON.parse(readFileSync(new URL(`target/wasm-bindgen/${name}/names.json`, ROOT), 'utf8'));
    const imports = WebAssembly.Module.imports(module);
    assert.ok(imports.length > 5, name);
    for (const i of imports) {
      assert.equal(i.module, MODULE, `${name}: ${i.module} ${i.name}`);
      assert.ok(i.name.length <= 2, `${name}: ${i.name}`);
    }
    assert.deepEqual(new Set(imports.map((i) => i.name)), new Set(Object.values(names.imports)), name);
    const exported = WebAssembly.Module.exports(module).map((e) => e.name).sort();
    assert.deepEqual(exported, [...Object.values(names.exports), 'memory'].sort(), name);
    // No custom section a runtime would not read (build-wasm.sh strips producers and target_features).
    for (const custom of ['producers', 'target_features', 'name']) {
      assert.deepEqual(WebAssembly.Module.customSections(module, custom), [], `${name}: custom section ${custom}`);
    }
    // Its node.js instantiates the module at import with the glue's import object (a missing import: LinkError).
    const api = await import(at('node.js'));
    assert.equal(typeof api.init, 'function', name);
    // The imports that catch a JS exception take their signature's parameters (scripts/bundle-entries.mjs: a
    // function of another arity costs V8 an adaptor per import at instantiation).
    for (const f of ['api.js', 'node.js']) {
      const catching = [...readFileSync(at(f), 'utf8').matchAll(/\b(\w+)\(([^)]*)\)\{return handleError\(function\(([^)]*)\)/g)];
      if (name !== 'crypto') assert.ok(catching.length > 0, `${name}/${f}: no import catching an exception`);
      const count = (params) => params.split(',').filter(Boolean).length;
      for (const [, key, outer, inner] of catching) assert.equal(count(outer), count(inner), `${name}/${f}: import ${key}`);
    }
    // The shipped JS keeps no wasm-bindgen import name, nor any hash of a closure shim's name.
    for (const f of ['api.js', 'node.js']) assert.doesNotMatch(readFileSync(at(f), 'utf8'), /__wbg_[a-z_]+_[0-9a-f]{16}\b|__h[0-9a-f]{16}\b/, `${name}/${f}`);
  }
});
