// scripts/check-sizes.mjs on small inline fixtures (not on the repository): the limits are 800 lines a file and
// 120 lines a function, counted from the line naming the function to the line of its closing brace. Every
// expected number below comes from how the fixture is built (n body lines + the two lines of the signature and
// the closing brace), never from the checker.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_FILE_LINES,
  MAX_FUNCTION_LINES,
  checkText,
  countLines,
  exceptionReason,
  findFunctions,
} from '../../scripts/check-sizes.mjs';

/** `n` lines of body statements. */
const body = (n, stmt = '  x += 1;') => Array.from({ length: n }, () => stmt).join('\n');

/** A JS function of exactly `lines` lines: `function f() {`, lines - 2 statements, `}`. */
const jsFunction = (lines, name = 'f') => `function ${name}() {\n${body(lines - 2)}\n}\n`;

/** A Rust fn of exactly `lines` lines. */
const rustFn = (lines, name = 'f') => `pub fn ${name}() -> u32 {\n${body(lines - 2, '    x += 1;')}\n}\n`;

test('the limits are those of issue 11: 800 lines a file, 120 lines a function', () => {
  assert.equal(MAX_FILE_LINES, 800);
  assert.equal(MAX_FUNCTION_LINES, 120);
});

test('a JS function of 121 lines is caught, one of 120 is not', () => {
  const r121 = checkText('js/a.js', jsFunction(121));
  assert.equal(r121.functions.length, 1);
  assert.equal(r121.functions[0].name, 'f');
  assert.equal(r121.functions[0].lines, 121);
  assert.equal(r121.functions[0].start, 1);
  assert.equal(r121.functions[0].end, 121);
  assert.deepEqual(checkText('js/a.js', jsFunction(120)).functions, []);
});

test('a Rust fn of 121 lines is caught, one of 120 is not; a trait method without a body is no function', () => {
  const r = checkText('src/a.rs', `trait T {\n    fn g(&self) -> [u8; 4];\n}\n\n${rustFn(121)}`);
  assert.deepEqual(r.functions.map((f) => [f.name, f.start, f.lines]), [['f', 5, 121]]);
  assert.deepEqual(checkText('src/a.rs', rustFn(120)).functions, []);
});

test('a file of 801 lines is caught, one of 800 is not (with or without a last newline)', () => {
  const lines = (n) => Array.from({ length: n }, (_, i) => `// line ${i + 1}`).join('\n');
  assert.equal(countLines(`${lines(801)}\n`), 801);
  assert.equal(countLines(lines(801)), 801);
  assert.equal(checkText('js/a.js', `${lines(801)}\n`).fileLines, 801);
  assert.equal(checkText('js/a.js', `${lines(800)}\n`).fileLines, null);
  assert.equal(checkText('js/a.js', lines(800)).fileLines, null);
});

test('methods, arrow functions and object methods are measured to their own closing brace', () => {
  const text = [
    'class A {', //                                   1
    '  async run(a, opts = {}) {', //                 2  run: 2..6 (default `{}` in the parameters)
    '    if (a) {', //                                3
    '    }', //                                       4
    '    return 1;', //                               5
    '  }', //                                         6
    '}', //                                           7
    'const g = async (x) => {', //                    8  g: 8..10
    '  return x;', //                                 9
    '};', //                                          10
    'const k = (y) => y + 1;', //                     11 expression body: no function of its own
    'const o = {', //                                 12
    '  handle(req) {', //                             13 handle: 13..15
    '    return req;', //                             14
    '  },', //                                        15
    "  'key': (z) => {", //                           16 key: 16..18
    '    return z;', //                               17
    '  },', //                                        18
    '};', //                                          19
    'describe(1, () => {', //                         20 a call, not a method
    '});', //                                         21
  ].join('\n');
  assert.deepEqual(
    findFunctions(text, 'js').map((f) => [f.name, f.start, f.end]),
    [['run', 2, 6], ['g', 8, 10], ['handle', 13, 15], ['key', 16, 18]],
  );
});

test('braces in strings, comments, template literals and regular expressions are not counted (JS)', () => {
  const text = [
    'function f(s) {', //                             1
    "  const a = '{' + \"{{\";", //                   2
    '  // } a comment brace', //                      3
    '  /* } */ const b = /^\\s*[[{]/.test(s);', //    4
    '  const c = `}${ { v: 1 }.v }{`;', //            5 the ${} expression has balanced braces of its own
    '  return a + b + c / 2;', //                     6 a division, not a regular expression
    '}', //                                           7
    'function g() {', //                              8
    '}', //                                           9
  ].join('\n');
  assert.deepEqual(findFunctions(text, 'js').map((f) => [f.name, f.start, f.end]), [['f', 1, 7], ['g', 8, 9]]);
});

test('braces in strings, raw strings, char literals and nested comments are not counted (Rust)', () => {
  const text = [
    "fn f<'a>(s: &'a str) -> char {", //              1 lifetimes are not char literals
    '    let a = "{";', //                            2
    '    let b = r#"}"{"#;', //                       3
    "    let c = '{';", //                            4
    '    /* } /* } */ } */', //                       5
    "    if s.is_empty() { '}' } else { c }", //      6
    '}', //                                           7
    'fn g() {}', //                                   8
  ].join('\n');
  assert.deepEqual(findFunctions(text, 'rust').map((f) => [f.name, f.start, f.end]), [['f', 1, 7], ['g', 8, 8]]);
});

test('tests, data tables and generated files are excepted; ordinary sources are not', () => {
  assert.ok(exceptionReason('tests/js/a.test.mjs'));
  assert.ok(exceptionReason('src/providers/momo/tests.rs'));
  assert.ok(exceptionReason('src/core/tests/big.rs'));
  assert.ok(exceptionReason('js/sandbox/x.test.js'));
  assert.ok(exceptionReason('src/providers/unipesa/tables.rs'));
  assert.ok(exceptionReason('src/providers/other/tables.rs'));
  assert.ok(exceptionReason('js/gen.js', '// @generated by a tool\nexport const x = 1;\n'));
  assert.equal(exceptionReason('src/providers/momo/mod.rs'), null);
  assert.equal(exceptionReason('js/sandbox/server.js', 'export {};\n'), null);
  assert.equal(exceptionReason('www/app.js'), null);
});
