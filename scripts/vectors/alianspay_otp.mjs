// Generates tests/vectors/alianspay_otp.json: AliansPay OTP vectors computed with the code the AliansPay docs
// (docs/providers/alianspay.md, "OTP") give for Node:
//
//   const secret = base32Encode(Buffer.from(guid), 'RFC4648', { padding: false });
//   const otp = authenticator.generate(secret);
//
// with otplib 12.0.1 and base32-encode 2.0.0 (dev dependencies of the workspace, pinned in package.json).
// The time is set with otplib v12's `epoch` option (milliseconds).
//
// Usage:  node scripts/vectors/alianspay_otp.mjs [--check]
//   --check  do not write; exit 1 if the committed file differs from what would be written.
//
// Before writing, it proves the peer is configured as assumed:
//   1. otplib's authenticator, given the base32 of RFC 6238's SHA1 seed with 8 digits, reproduces the RFC 6238
//      Appendix B SHA1 values (read from tests/vectors/totp_rfc.json, transcribed from the RFC);
//   2. every AliansPay case equals a direct RFC 6238 computation (node:crypto HMAC-SHA1 keyed with the UTF-8
//      bytes of the GUID, counter floor(t / 30), dynamic truncation, 6 digits).
// Only counts and paths are printed.

import { createHmac } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import otplib from 'otplib';
import base32Encode from 'base32-encode';

const { authenticator } = otplib;
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outPath = join(repoRoot, 'tests', 'vectors', 'alianspay_otp.json');
const rfcPath = join(repoRoot, 'tests', 'vectors', 'totp_rfc.json');
const check = process.argv.includes('--check');

function die(msg) {
  process.stderr.write(`alianspay_otp.mjs: ${msg}\n`);
  process.exit(2);
}

function installedVersion(name) {
  return JSON.parse(readFileSync(join(repoRoot, 'node_modules', name, 'package.json'), 'utf8')).version;
}
const otplibVersion = installedVersion('otplib');
const base32Version = installedVersion('base32-encode');
if (otplibVersion !== '12.0.1' || base32Version !== '2.0.0') {
  die(`expected otplib 12.0.1 and base32-encode 2.0.0, found ${otplibVersion} and ${base32Version} (run npm ci)`);
}

/** The AliansPay docs' code, verbatim apart from the time, which is passed in. */
function docsOtp(guid, unixTime, digits) {
  const secret = base32Encode(Buffer.from(guid), 'RFC4648', { padding: false });
  const gen = authenticator.clone();
  gen.options = digits === undefined ? { epoch: unixTime * 1000 } : { epoch: unixTime * 1000, digits };
  return { secret, otp: gen.generate(secret) };
}

/** RFC 4226/6238 computed directly with node:crypto, independent of otplib's key handling. */
function directTotp(keyBytes, unixTime, digits, algorithm = 'sha1', period = 30) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(unixTime / period)));
  const mac = createHmac(algorithm, keyBytes).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(bin % 10 ** digits).padStart(digits, '0');
}

// 1. The peer reproduces RFC 6238 Appendix B (SHA1 rows) through the same base32 + authenticator path.
const rfc = JSON.parse(readFileSync(rfcPath, 'utf8'));
const rfcSha1 = rfc.totp.filter((v) => v.algorithm === 'SHA1');
if (rfcSha1.length !== 6) die('expected 6 SHA1 rows in tests/vectors/totp_rfc.json');
const rfcCheck = rfcSha1.map((v) => {
  const { otp } = docsOtp(v.secret_ascii, v.unix_time, v.digits);
  if (otp !== v.otp) die(`otplib gives ${otp} for RFC 6238 SHA1 at T=${v.unix_time}, the RFC says ${v.otp}`);
  return { unix_time: v.unix_time, digits: v.digits, rfc_otp: v.otp, otplib_otp: otp };
});

// 2. The AliansPay cases.
const guids = [
  ['cd8fb6d0-051d-4187-9d32-481ff4c0bfab', 'The sample guid of the AliansPay docs (callback table).'],
  ['CD8FB6D0-051D-4187-9D32-481FF4C0BFAB', 'The same GUID upper-cased: different bytes, different OTPs (the key is the text, not the 128-bit value).'],
  ['cd8fb6d0051d41879d32481ff4c0bfab', 'The same GUID without dashes (32 bytes).'],
  ['{cd8fb6d0-051d-4187-9d32-481ff4c0bfab}', 'The same GUID in braces, as .NET may print it (38 bytes).'],
  ['3f2504e0-4f89-11d3-9a0c-0305e82c3301', null],
  ['00000000-0000-0000-0000-000000000000', 'The nil GUID.'],
  ['7C9E6679-7425-40DE-944B-E07FC1F90AE7', 'Upper-case GUID.'],
  ['clé secrète Ñandú 😀 otp', 'Not a GUID, with non-ASCII characters: the key is its UTF-8 bytes (30 bytes).'],
];
const times = [0, 29, 30, 59, 1700000000, 2000000000, 20000000000];

const cases = [];
for (const [guid, note] of guids) {
  const keyBytes = Buffer.from(guid, 'utf8');
  // otplib v12 pads keys shorter than 10 bytes by repeating them (see tests/vectors/README.md); every key here
  // is long enough for otplib and plain RFC 6238 to agree, which step 2 below proves.
  if (keyBytes.length < 10) die(`key ${JSON.stringify(guid)} is too short for a meaningful otplib comparison`);
  for (const unixTime of times) {
    const { secret, otp } = docsOtp(guid, unixTime);
    const direct = directTotp(keyBytes, unixTime, 6);
    if (otp !== direct) die(`otplib and the direct RFC 6238 computation disagree for case #${cases.length}`);
    if (!/^\d{6}$/.test(otp)) die(`not 6 digits for case #${cases.length}`);
    const entry = { guid, unix_time: unixTime, otp, secret_base32: secret };
    if (note && unixTime === times[0]) entry.note = note;
    cases.push(entry);
  }
}

const defaults = authenticator.allOptions();
const out = {
  source: `otplib ${otplibVersion} authenticator + base32-encode ${base32Version}`,
  generator: 'scripts/vectors/alianspay_otp.mjs',
  docs_code: "base32Encode(Buffer.from(guid), 'RFC4648', { padding: false }) then authenticator.generate(secret); time set with authenticator.options = { epoch: unix_time * 1000 }",
  otplib_defaults: {
    algorithm: defaults.algorithm,
    digits: defaults.digits,
    step: defaults.step,
    encoding: defaults.encoding,
  },
  meaning: 'RFC 6238 TOTP, HMAC-SHA-1, T0 = 0, period 30 s, 6 digits, key = the UTF-8 bytes of guid (the otp-secret-code). secret_base32 is what the docs\' code hands to otplib (RFC 4648 alphabet, no padding).',
  rfc6238_check: {
    what: "otplib's authenticator given base32('12345678901234567890') with digits 8 reproduces RFC 6238 Appendix B (SHA1 rows of tests/vectors/totp_rfc.json)",
    results: rfcCheck,
  },
  cross_check: 'Every otp below equals a direct computation with node:crypto (HMAC-SHA1 over the 8-byte big-endian counter floor(unix_time / 30), dynamic truncation); the generator refuses to write otherwise.',
  cases,
};
const text = `${JSON.stringify(out, null, 2)}\n`;

const shownPath = relative(process.cwd(), outPath) || outPath;
if (check) {
  let current = null;
  try {
    current = readFileSync(outPath, 'utf8');
  } catch {
    current = null;
  }
  if (current !== text) {
    process.stderr.write(`alianspay_otp.mjs: ${shownPath} is not what the generator produces now\n`);
    process.exit(1);
  }
  process.stdout.write(`alianspay_otp.mjs: ${shownPath} is up to date (${cases.length} cases)\n`);
} else {
  writeFileSync(outPath, text);
  process.stdout.write(`alianspay_otp.mjs: wrote ${cases.length} cases to ${shownPath}\n`);
}
