import { describe, expect, it } from 'vitest';
import { containsNul, mergePatch, stableStringify } from '../../src/core/json.js';

describe('JSON helpers', () => {
  it('merge-patches per RFC 7386', () => {
    expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(mergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(mergePatch({ a: 1 }, { b: { c: null } })).toEqual({ a: 1, b: {} });
  });
  it('finds NUL characters in nested values and keys, not in escaped text', () => {
    expect(containsNul({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(containsNul({ ['k\u0000']: 1 })).toBe(true);
    expect(containsNul({ a: '\\u0000', b: [1, null, true] })).toBe(false);
  });

  it('prints equal data identically whatever the key order', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":2,"y":1}]},"b":1}');
    expect(stableStringify({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
