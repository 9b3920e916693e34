// toJson (js/util.js) tries plain JSON.stringify first (a speed-up measured in bench/) and falls back to the
// replacer when the text holds `null` or the plain call throws; what needs the replacer must still get it, wherever it sits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toJson } from '../../js/util.js';
import { ValidationError } from '../../js/errors.js';

test('plain data is written as JSON.stringify writes it', () => {
  const v = { a: 1, b: 'x', c: [null, true, { d: -0.5 }], e: undefined, f: () => 1 };
  assert.equal(toJson(v, 'request'), '{"a":1,"b":"x","c":[null,true,{"d":-0.5}]}');
  assert.equal(toJson(undefined, 'request'), 'null');
});

test('NaN, Infinity and BigInt are marked at any depth, and inside what toJSON returns', () => {
  assert.equal(toJson({ a: NaN }, 'r'), '{"a":{"$number":"NaN"}}');
  assert.equal(toJson({ a: [1, { b: [-Infinity] }] }, 'r'), '{"a":[1,{"b":[{"$number":"-Infinity"}]}]}');
  assert.equal(toJson({ a: { b: { c: 12345678901234567890n } } }, 'r'), '{"a":{"b":{"c":"12345678901234567890"}}}');
  assert.equal(toJson({ x: { toJSON: () => ({ y: NaN }) } }, 'r'), '{"x":{"y":{"$number":"NaN"}}}');
  assert.equal(toJson({ d: new Date(0) }, 'r'), '{"d":"1970-01-01T00:00:00.000Z"}');
});

test('a cycle is a validation error naming the field', () => {
  const c = { a: [] };
  c.a.push(c);
  assert.throws(() => toJson(c, 'request'), (e) => e instanceof ValidationError && e.field === 'request');
});
