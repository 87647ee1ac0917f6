import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from '../../src/server/subscriptions/document-cache.js';

describe('DocumentCache', () => {
  it('answers the same document for the same text, and keeps at most its bound, dropping the least recently used', () => {
    const cache = new DocumentCache(2);
    const a = parse('{ a: __typename }');
    const b = parse('{ b: __typename }');
    cache.set('a', a);
    cache.set('b', b);
    expect(cache.get('a')).toBe(a); // a is now the most recently used
    cache.set('c', parse('{ c: __typename }'));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(a);
    expect(cache.get('c')).toBeDefined();
  });
});
