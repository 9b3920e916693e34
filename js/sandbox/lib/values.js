// Small value checks shared by the sandbox's providers (options, request fields, credentials).
// Node built-ins only (this directory is published verbatim as `payrail/sandbox`).

/** `v` when it is a finite number >= 0, else `fallback` (numeric options such as delays and balances). */
export function nonNegativeNumber(v, fallback) {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}

/** A request field as trimmed text: a string trimmed, a finite number as its digits, anything else ''. */
export function str(v) {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

/**
 * A positive whole amount (currencies without a minor unit: XAF, XOF, GNF), from a safe-integer number or
 * a digit string (spaces around allowed); null otherwise. `zeroFraction: true` also accepts a digit string
 * ending in a zero fraction (`"100.00"`), as ViralPAY's provider does.
 */
export function parseWholeAmount(v, { zeroFraction = false } = {}) {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : null;
  if (typeof v === 'string' && (zeroFraction ? /^\s*\d+(\.0+)?\s*$/ : /^\s*\d+\s*$/).test(v)) {
    const n = Number(v.trim());
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  }
  return null;
}

/** True for a string that parses as an http: or https: URL. */
export function isHttpUrl(v) {
  if (typeof v !== 'string' || v.trim() === '') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** Compares two credentials as text: lengths, then every character, with no early exit on content. */
export function safeEqual(a, b) {
  const x = String(a);
  const y = String(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x.charCodeAt(i) || 0) ^ (y.charCodeAt(i) || 0);
  return diff === 0;
}
