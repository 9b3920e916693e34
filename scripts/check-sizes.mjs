// Size limits of the sources (issue 11, item 5): no source file over 800 lines, no function over 120 lines.
// Plain Node, no dependencies.
//
//   node scripts/check-sizes.mjs [repo root]     lists every offender; exit 1 if any, 0 if none
//
// Sources: src/**/*.rs, js/**/*.js, www/**/*.js, scripts/**/*.{js,mjs}, bench/**/*.mjs, examples/**/*.{js,mjs,ts}.
// Excepted, and why:
//   - tests: anything under a `tests` folder (tests/, src/**/tests/), src/**/tests.rs, *.test.{js,mjs}: a test
//     file is a list of cases, read one case at a time;
//   - data tables: */tables.rs (e.g. src/providers/unipesa/tables.rs, the provider's limits and codes transcribed
//     row by row): rows, not logic;
//   - generated files: a file whose first 5 lines say "@generated" or "DO NOT EDIT", and node_modules/, target/,
//     pkg/, .next/ (Next.js's build output: examples/nextjs) wherever they are;
//   - the entries of EXCEPTIONS below, each with its reason (a whole file, or one function of a file).
//
// A file's length is its number of lines (`wc -l`, plus a last line without a newline).
// A function runs from the line of its name to the line of the brace closing its body, both counted. Found by
// a heuristic fitted to this repository's style, on the text with comments, strings, template literals (their
// `${...}` expressions stay code), regular-expression literals and Rust char literals blanked out:
//   - Rust: a line starting (after indentation) with `fn name`, optionally after `pub`, `pub(crate)`, `const`,
//     `async`, `unsafe`, `extern "C"`; a declaration ending in `;` (trait method without a body) is no function;
//   - JS: `function name(` (optionally `export`, `default`, `async`, `*`); a method `name(...) {` in a class or
//     object literal (optionally `static`, `async`, `get`, `set`; `if (`, `for (`... excluded); and
//     `const|let|var name = [async] (...) => {` or `= [async] function (...) {`, and `name: [async] (...) => {`.
// Expression-bodied arrows (no braces) and anonymous callbacks are not counted as functions of their own: they
// count in the function around them.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Most lines a source file may have. */
export const MAX_FILE_LINES = 800;
/** Most lines a function may have. */
export const MAX_FUNCTION_LINES = 120;

/**
 * Files (and functions) allowed over the limits, with the reason. `path` is relative to the repository root,
 * with `/`; `function` (optional) limits the exception to one function of that file.
 */
export const EXCEPTIONS = [
  {
    path: 'src/providers/unipesa/tables.rs',
    reason: "data table: Unipesa's per-country limits and status codes, one row per line (docs/providers/unipesa.md)",
  },
];

/** Folders never walked (dependencies, build output, VCS). */
const SKIPPED_DIRS = new Set(['node_modules', 'target', 'pkg', '.git', '.tools', '.next']);

/** The source folders and the file endings checked in each. */
const SOURCES = [
  ['src', ['.rs']],
  ['js', ['.js']],
  ['www', ['.js']],
  ['scripts', ['.js', '.mjs']],
  ['bench', ['.mjs']],
  ['examples', ['.js', '.mjs', '.ts']],
];

/** Why a file (path relative to the root, with `/`) is not checked, or null when it is. */
export function exceptionReason(rel, text = '') {
  const parts = rel.split('/');
  if (parts.slice(0, -1).includes('tests')) return 'test (under a tests folder)';
  const base = parts.at(-1);
  if (base === 'tests.rs') return 'test (tests.rs)';
  if (/\.test\.m?js$/.test(base)) return 'test (*.test.js)';
  if (base === 'tables.rs') return 'data table (tables.rs)';
  if (/@generated|DO NOT EDIT/.test(text.split('\n', 5).join('\n'))) return 'generated';
  const listed = EXCEPTIONS.find((e) => e.path === rel && !e.function);
  return listed ? listed.reason : null;
}

/** Number of lines of a text, counted like `wc -l` plus a last line that has no newline. */
export function countLines(text) {
  if (text === '') return 0;
  const n = text.split('\n').length;
  return text.endsWith('\n') ? n - 1 : n;
}

// ------------------------------------------------------------------ blanking comments and literals

const JS_REGEX_AFTER_WORD = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await',
]);

/**
 * The text with every comment, string, template-literal text and regular-expression (JS) or char literal (Rust)
 * replaced by spaces, newlines kept: same length, same line numbers, only code braces left.
 * @param {string} text
 * @param {'js'|'rust'} lang
 */
export function blankNonCode(text, lang) {
  const out = text.split('');
  const blank = (from, to) => {
    for (let i = from; i < to && i < out.length; i++) if (out[i] !== '\n') out[i] = ' ';
  };
  const scanner = lang === 'rust' ? scanRust : scanJs;
  scanner(text, blank);
  return out.join('');
}

/** Index just past a quoted string starting at `i` (the quote), honouring backslash escapes. */
function skipQuoted(text, i, quote) {
  let j = i + 1;
  while (j < text.length && text[j] !== quote) {
    if (text[j] === '\\') j++;
    else if (quote !== '"' && quote !== '`' && text[j] === '\n') break; // an unterminated '...' ends at the line
    j++;
  }
  return Math.min(j + 1, text.length);
}

/** Blanks the non-code parts of JavaScript; template literals nest through a stack of `${` depths. */
function scanJs(text, blank) {
  const templates = []; // per open template: the brace depth its `${` expression started at
  let depth = 0;
  let prev = ''; // last significant code token: a word, or one punctuation character
  let i = 0;
  const templateText = (start) => {
    // from `start` (just past a backtick or a closing `}`), up to the end of the literal or a `${`
    let j = start;
    while (j < text.length && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
    blank(start, j);
    if (text[j] === '`') return j + 1;
    templates.push(depth);
    depth++;
    return j + 2;
  };
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      blank(i, end < 0 ? text.length : end + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"' || c === "'") {
      const end = skipQuoted(text, i, c);
      blank(i + 1, end - 1);
      i = end;
      prev = 'str';
    } else if (c === '`') {
      i = templateText(i + 1);
      prev = 'str';
    } else if (c === '/' && regexAllowedAfter(prev)) {
      const end = skipRegex(text, i);
      blank(i + 1, end);
      i = end;
      prev = 'str';
    } else if (/[A-Za-z0-9_$#]/.test(c)) {
      let j = i;
      while (j < text.length && /[A-Za-z0-9_$]/.test(text[j])) j++;
      prev = text.slice(i, Math.max(j, i + 1));
      i = Math.max(j, i + 1);
    } else {
      if (c === '{') depth++;
      if (c === '}') {
        depth--;
        if (templates.length && templates.at(-1) === depth) {
          templates.pop();
          i = templateText(i + 1);
          prev = 'str';
          continue;
        }
      }
      if (!/\s/.test(c)) prev = c;
      i++;
    }
  }
}

/** Whether a `/` after this token starts a regular expression (not a division). */
function regexAllowedAfter(prev) {
  if (prev === '' || prev === 'str') return prev === '';
  if (/^[A-Za-z0-9_$]/.test(prev)) return JS_REGEX_AFTER_WORD.has(prev);
  return prev !== ')' && prev !== ']' && prev !== '}';
}

/** Index just past the flags of a regular-expression literal starting at `i` (the slash). */
function skipRegex(text, i) {
  let j = i + 1;
  let inClass = false;
  while (j < text.length && text[j] !== '\n') {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    j++;
  }
  j++;
  while (j < text.length && /[a-z]/i.test(text[j])) j++;
  return j;
}

/** Blanks the non-code parts of Rust: nested block comments, (raw, byte) strings, char literals. */
function scanRust(text, blank) {
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    const raw = /^(b?r)(#*)"/.exec(text.slice(i, i + 260));
    if (raw && (i === 0 || !/[A-Za-z0-9_]/.test(text[i - 1]))) {
      const close = `"${raw[2]}`;
      const start = i + raw[0].length;
      const end = text.indexOf(close, start);
      blank(start, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end + close.length;
    } else if (c === '/' && next === '/') {
      const end = text.indexOf('\n', i);
      blank(i, end < 0 ? text.length : end);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && next === '*') {
      let nest = 1;
      let j = i + 2;
      while (j < text.length && nest > 0) {
        if (text[j] === '/' && text[j + 1] === '*') (nest++, (j += 2));
        else if (text[j] === '*' && text[j + 1] === '/') (nest--, (j += 2));
        else j++;
      }
      blank(i, j);
      i = j;
    } else if (c === '"') {
      const end = skipQuoted(text, i, '"');
      blank(i + 1, end - 1);
      i = end;
    } else if (c === "'") {
      // a char literal ('x', '\n', '\'', '\u{..}'), else a lifetime or label ('a): left alone
      const m = /^'(\\u\{[0-9a-fA-F]+\}|\\x[0-9a-fA-F]{2}|\\.|[^\\'\n])'/u.exec(text.slice(i, i + 12));
      if (m) {
        blank(i + 1, i + m[0].length - 1);
        i += m[0].length;
      } else i++;
    } else i++;
  }
}

// ------------------------------------------------------------------ finding functions

const RUST_FN = /^(\s*)(?:pub(?:\s*\([^)]*\))?\s+)?(?:default\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?(?:extern\s+"[^"]*"\s+)?fn\s+([A-Za-z_][A-Za-z0-9_]*)/;
const JS_FUNCTION = /^(\s*)(?:export\s+)?(?:default\s+)?(?:async\s+)?function\s*\*?\s*([A-Za-z_$][\w$]*)\s*\(/;
const JS_METHOD = /^(\s*)(?:static\s+)?(?:async\s+)?(?:(?:get|set)\s+)?\*?\s*(#?[A-Za-z_$][\w$]*|\[[^\]]+\])\s*\(/;
const JS_ASSIGNED = /^(\s*)(?:export\s+)?(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?:async\s+)?(?:function\b\s*\*?\s*(?:[A-Za-z_$][\w$]*)?\s*\(|\(|[A-Za-z_$][\w$]*\s*=>)/;
const JS_PROPERTY = /^(\s*)([A-Za-z_$][\w$]*|'[^']*'|"[^"]*")\s*:\s*(?:async\s+)?(?:function\b\s*\*?\s*(?:[A-Za-z_$][\w$]*)?\s*\(|\(|[A-Za-z_$][\w$]*\s*=>)/;
const JS_NOT_METHODS = new Set([
  'if', 'for', 'while', 'switch', 'catch', 'with', 'function', 'return', 'await', 'typeof', 'new', 'do', 'else',
  'super', 'import', 'throw', 'void', 'delete', 'yield',
]);

/** Index of the bracket closing the one at `i` in blanked code, or -1. */
function matchingClose(code, i) {
  const open = code[i];
  const close = { '(': ')', '[': ']', '{': '}' }[open];
  let depth = 0;
  for (let j = i; j < code.length; j++) {
    if (code[j] === open) depth++;
    else if (code[j] === close && --depth === 0) return j;
  }
  return -1;
}

/** Index of the next non-whitespace character at or after `i`. */
function skipSpace(code, i) {
  while (i < code.length && /\s/.test(code[i])) i++;
  return i;
}

/** The `{` opening a Rust fn body: the first `{` outside brackets after the name; -1 at a `;` first. */
function rustBodyStart(code, from) {
  let nest = 0;
  for (let j = from; j < code.length; j++) {
    const c = code[j];
    if (c === '(' || c === '[') nest++;
    else if (c === ')' || c === ']') nest--;
    else if (nest === 0 && c === ';') return -1;
    else if (nest === 0 && c === '{') return j;
  }
  return -1;
}

/** The `{` opening a JS function body, given the `(` of its parameters (and `=>` after them for an arrow); else -1. */
function jsBodyStart(code, paren, arrow) {
  const close = matchingClose(code, paren);
  if (close < 0) return -1;
  let j = skipSpace(code, close + 1);
  if (arrow) {
    if (code.slice(j, j + 2) !== '=>') return -1;
    j = skipSpace(code, j + 2);
  }
  return code[j] === '{' ? j : -1;
}

/**
 * The JS function starting on this line of blanked code (`original`: the same line before blanking), as
 * { name, open } (`open`: offset of the body's `{` in code), or null.
 */
function jsFunctionAt(code, lineStart, line, original) {
  let m = JS_FUNCTION.exec(line);
  if (m) {
    const open = jsBodyStart(code, lineStart + m[0].length - 1, false);
    return open < 0 ? null : { name: m[2], open };
  }
  m = JS_ASSIGNED.exec(line) ?? JS_PROPERTY.exec(line);
  if (m) {
    // m[0] ends with the `(` of the parameters (function or arrow), or with the `=>` of `name =>`.
    const end = lineStart + m[0].length;
    let open;
    if (m[0].endsWith('=>')) open = code[skipSpace(code, end)] === '{' ? skipSpace(code, end) : -1;
    else open = jsBodyStart(code, end - 1, !/\bfunction\b/.test(m[0]));
    // a quoted key is blanked in `line`: its name is read at the same place in the original text
    const at = m[0].indexOf(m[2], m[1].length);
    const key = original.slice(at, at + m[2].length);
    return open < 0 ? null : { name: key.replace(/^['"]|['"]$/g, ''), open };
  }
  m = JS_METHOD.exec(line);
  if (m && !JS_NOT_METHODS.has(m[2])) {
    const open = jsBodyStart(code, lineStart + m[0].length - 1, false);
    return open < 0 ? null : { name: m[2], open };
  }
  return null;
}

/**
 * Every function of a source text with its first and last line (1-based) and its length in lines.
 * @param {string} text
 * @param {'js'|'rust'} lang
 * @returns {{ name: string, start: number, end: number, lines: number }[]}
 */
export function findFunctions(text, lang) {
  const code = blankNonCode(text, lang);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const found = [];
  for (let n = 0; n < lineStarts.length; n++) {
    const start = lineStarts[n];
    const end = n + 1 < lineStarts.length ? lineStarts[n + 1] - 1 : code.length;
    const line = code.slice(start, end);
    let hit = null;
    if (lang === 'rust') {
      const m = RUST_FN.exec(line);
      if (m) {
        const open = rustBodyStart(code, start + m[0].length);
        hit = open < 0 ? null : { name: m[2], open };
      }
    } else {
      hit = jsFunctionAt(code, start, line, text.slice(start, end));
    }
    if (!hit) continue;
    const close = matchingClose(code, hit.open);
    if (close < 0) continue;
    const last = lineOf(close);
    found.push({ name: hit.name, start: n + 1, end: last, lines: last - n });
  }
  return found;
}

// ------------------------------------------------------------------ the repository

/** The checked source files under `root`, as paths relative to it with `/`, sorted. */
export function listSources(root) {
  const files = [];
  const walk = (dir, exts) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a source folder this checkout does not have (examples/)
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) walk(full, exts);
      } else if (e.isFile() && exts.some((x) => e.name.endsWith(x))) {
        files.push(path.relative(root, full).split(path.sep).join('/'));
      }
    }
  };
  for (const [dir, exts] of SOURCES) walk(path.join(root, dir), exts);
  return files.sort();
}

/**
 * Checks one file's text. `rel` is its path (used for the language and the function exceptions).
 * @returns {{ fileLines: number|null, functions: { name: string, start: number, end: number, lines: number }[] }}
 *   fileLines when over the limit (else null), and the functions over the limit
 */
export function checkText(rel, text, limits = {}) {
  const maxFile = limits.maxFileLines ?? MAX_FILE_LINES;
  const maxFunction = limits.maxFunctionLines ?? MAX_FUNCTION_LINES;
  const lines = countLines(text);
  const lang = rel.endsWith('.rs') ? 'rust' : 'js';
  const functions = findFunctions(text, lang).filter(
    (f) => f.lines > maxFunction && !EXCEPTIONS.some((e) => e.path === rel && e.function === f.name),
  );
  return { fileLines: lines > maxFile ? lines : null, functions };
}

/**
 * Checks every source file under `root`.
 * @returns {{ files: { path: string, lines: number }[], functions: { path: string, name: string, start: number, end: number, lines: number }[], checked: number }}
 */
export function checkRepo(root) {
  const files = [];
  const functions = [];
  let checked = 0;
  for (const rel of listSources(root)) {
    const text = readFileSync(path.join(root, rel), 'utf8');
    if (exceptionReason(rel, text)) continue;
    checked++;
    const r = checkText(rel, text);
    if (r.fileLines !== null) files.push({ path: rel, lines: r.fileLines });
    for (const f of r.functions) functions.push({ path: rel, ...f });
  }
  return { files, functions, checked };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'));
  const { files, functions, checked } = checkRepo(root);
  for (const f of files) console.log(`${f.path}: ${f.lines} lines (at most ${MAX_FILE_LINES})`);
  for (const f of functions) {
    console.log(`${f.path}:${f.start}: function ${f.name}: ${f.lines} lines, to line ${f.end} (at most ${MAX_FUNCTION_LINES})`);
  }
  const total = files.length + functions.length;
  console.log(
    total === 0
      ? `check-sizes: ${checked} source files, none over ${MAX_FILE_LINES} lines, no function over ${MAX_FUNCTION_LINES}`
      : `check-sizes: ${files.length} file(s) over ${MAX_FILE_LINES} lines, ${functions.length} function(s) over ${MAX_FUNCTION_LINES} lines`,
  );
  process.exit(total === 0 ? 0 : 1);
}
