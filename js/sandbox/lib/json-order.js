// An order-preserving JSON reader (RFC 8259), for signatures computed over "the fields in the order sent".
//
// JSON.parse cannot be used for that: a JS object lists integer-like keys ("0", "123") first whatever their
// place in the text, and number tokens lose their spelling (123456789012345678 → 123456789012345680,
// 1.0 → 1), which matters when a signature stringifies them as PHP does. This reader returns:
//   object  → Map (insertion order = text order; a repeated key keeps its FIRST position and its LAST value,
//             as PHP's json_decode(..., true) does)
//   array   → Array
//   number  → JsonNumber (the token text, see below)
//   string, true, false, null → themselves
// Node built-ins only.

/** A JSON number token, kept as written. */
export class JsonNumber {
  /** @param {string} raw the token text, e.g. "100", "-0", "1.0", "1e20" */
  constructor(raw) {
    this.raw = raw;
  }

  /** True for a token with no fraction and no exponent ("42", "-0", "123456789012345678"). */
  get isIntegerToken() {
    return !/[.eE]/.test(this.raw);
  }

  valueOf() {
    return Number(this.raw);
  }

  toString() {
    return this.raw;
  }

  toJSON() {
    return Number(this.raw);
  }
}

/** Thrown on malformed JSON text. */
export class JsonSyntaxError extends SyntaxError {
  constructor(message, position) {
    super(`${message} at position ${position}`);
    this.name = 'JsonSyntaxError';
    this.position = position;
  }
}

const MAX_NESTING = 512;

/**
 * Parses JSON text, keeping object key order and number spellings.
 * @param {string} text
 * @returns {unknown} Map for objects, Array for arrays, JsonNumber for numbers
 */
export function parseOrderedJson(text) {
  if (typeof text !== 'string') throw new TypeError('parseOrderedJson expects a string');
  const p = new Parser(text);
  p.skipWs();
  const value = p.value(0);
  p.skipWs();
  if (p.i !== text.length) p.fail('unexpected data after the JSON value');
  return value;
}

/** The [key, value] entries of a parsed object (a Map), in text order. */
export function entriesOf(obj) {
  if (obj instanceof Map) return [...obj.entries()];
  throw new TypeError('entriesOf expects a Map from parseOrderedJson');
}

/**
 * Converts a parsed value to plain JS values (Map → object, JsonNumber → number). Key order of integer-like
 * keys and number spellings are lost: use it only where order does not matter.
 */
export function toPlain(value) {
  if (value instanceof Map) {
    const out = {};
    for (const [k, v] of value) out[k] = toPlain(v);
    return out;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof JsonNumber) return Number(value.raw);
  return value;
}

/** Writes a parsed value back as JSON text, keeping key order and number spellings. */
export function stringifyOrdered(value) {
  if (value instanceof Map) {
    const parts = [];
    for (const [k, v] of value) parts.push(`${JSON.stringify(String(k))}:${stringifyOrdered(v)}`);
    return `{${parts.join(',')}}`;
  }
  if (Array.isArray(value)) return `[${value.map(stringifyOrdered).join(',')}]`;
  if (value instanceof JsonNumber) return value.raw;
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}

class Parser {
  constructor(text) {
    this.text = text;
    this.i = 0;
  }

  fail(message) {
    throw new JsonSyntaxError(message, this.i);
  }

  skipWs() {
    const t = this.text;
    while (this.i < t.length) {
      const c = t.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else break;
    }
  }

  value(depth) {
    const c = this.text[this.i];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    if (this.text.startsWith('true', this.i)) {
      this.i += 4;
      return true;
    }
    if (this.text.startsWith('false', this.i)) {
      this.i += 5;
      return false;
    }
    if (this.text.startsWith('null', this.i)) {
      this.i += 4;
      return null;
    }
    return this.fail(c === undefined ? 'unexpected end of JSON' : `unexpected character ${JSON.stringify(c)}`);
  }

  object(depth) {
    if (depth > MAX_NESTING) this.fail('JSON nested too deeply');
    this.i++; // {
    const map = new Map();
    this.skipWs();
    if (this.text[this.i] === '}') {
      this.i++;
      return map;
    }
    for (;;) {
      this.skipWs();
      if (this.text[this.i] !== '"') this.fail('expected a string key');
      const key = this.string();
      this.skipWs();
      if (this.text[this.i] !== ':') this.fail('expected ":"');
      this.i++;
      this.skipWs();
      map.set(key, this.value(depth));
      this.skipWs();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === '}') {
        this.i++;
        return map;
      }
      this.fail('expected "," or "}"');
    }
  }

  array(depth) {
    if (depth > MAX_NESTING) this.fail('JSON nested too deeply');
    this.i++; // [
    const out = [];
    this.skipWs();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value(depth));
      this.skipWs();
      const c = this.text[this.i];
      if (c === ',') {
        this.i++;
        continue;
      }
      if (c === ']') {
        this.i++;
        return out;
      }
      this.fail('expected "," or "]"');
    }
  }

  number() {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 1024));
    if (!m) this.fail('invalid number');
    this.i += m[0].length;
    return new JsonNumber(m[0]);
  }

  string() {
    const t = this.text;
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= t.length) this.fail('unterminated string');
      const c = t.charCodeAt(this.i);
      if (c === 0x22) {
        out += t.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail('control character in string');
      if (c >= 0xd800 && c <= 0xdfff) {
        // a raw surrogate must be a well-formed pair (the text must be valid UTF-16, hence valid UTF-8)
        const next = t.charCodeAt(this.i + 1);
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          this.i += 2;
          continue;
        }
        this.fail('unpaired surrogate in string');
      }
      if (c !== 0x5c) {
        this.i++;
        continue;
      }
      out += t.slice(start, this.i);
      const e = t[this.i + 1];
      this.i += 2;
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const cu = this.hex4();
          if (cu >= 0xd800 && cu <= 0xdbff) {
            if (t[this.i] !== '\\' || t[this.i + 1] !== 'u') this.fail('unpaired surrogate escape');
            this.i += 2;
            const lo = this.hex4();
            if (lo < 0xdc00 || lo > 0xdfff) this.fail('unpaired surrogate escape');
            out += String.fromCharCode(cu, lo);
          } else if (cu >= 0xdc00 && cu <= 0xdfff) {
            this.fail('unpaired surrogate escape');
          } else {
            out += String.fromCharCode(cu);
          }
          break;
        }
        default:
          this.i -= 2;
          this.fail('invalid escape in string');
      }
      start = this.i;
    }
  }

  hex4() {
    const h = this.text.slice(this.i, this.i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('invalid \\u escape');
    this.i += 4;
    return parseInt(h, 16);
  }
}
