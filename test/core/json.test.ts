import { describe, expect, it } from 'vitest';
import { containsUnstorableText, jsonDepth, mergePatch, stableStringify } from '../../src/core/json.js';

describe('JSON helpers', () => {
  it('merge-patches per RFC 7386', () => {
    expect(mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } })).toEqual({ a: 'z', c: { d: 'e' } });
    expect(mergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(mergePatch({ a: 1 }, { b: { c: null } })).toEqual({ a: 1, b: {} });
  });
  it('finds NUL characters in nested values and keys, not in escaped text', () => {
    expect(containsUnstorableText({ a: [{ b: 'x\u0000' }] })).toBe(true);
    expect(containsUnstorableText({ ['k\u0000']: 1 })).toBe(true);
    expect(containsUnstorableText({ a: '\\u0000', b: [1, null, true] })).toBe(false);
  });

  it('finds unpaired surrogates, not whole characters (an emoji is a pair)', () => {
    expect(containsUnstorableText({ title: 'a\ud800b' })).toBe(true);
    expect(containsUnstorableText({ ['\udc00']: 1 })).toBe(true);
    expect(containsUnstorableText(['x', ['\ud83d']])).toBe(true);
    expect(containsUnstorableText({ emoji: '\ud83d\ude00', text: 'é中' })).toBe(false);
  });

  it('measures nesting depth, counting no further than needed', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: {} }] })).toBe(4); // every object and array is a level
    let deep: unknown = {};
    for (let i = 0; i < 10_000; i++) deep = { deep };
    expect(jsonDepth(deep)).toBe(34); // stops at the limit + 2: never walks 10,000 levels
  });

  it('prints equal data identically whatever the key order', () => {
    expect(stableStringify({ b: 1, a: { d: [1, { y: 1, x: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"x":2,"y":1}]},"b":1}');
    expect(stableStringify({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
