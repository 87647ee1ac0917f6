import { describe, expect, it } from 'vitest';
import { encodeJsonInPieces } from '../../src/server/json-pieces.js';

/*
 * A large answer is encoded in pieces (src/server/json-pieces.ts): its bytes must be exactly
 * JSON.stringify's, whatever the answer holds, and a value with nothing large is left to the
 * caller (null).
 */

const bytesOf = (value: unknown, suffix = '\n') => Buffer.from(`${JSON.stringify(value)}${suffix}`, 'utf8');

/** The pieces' bytes are JSON.stringify's (compared as text: a mismatch then shows where). */
function expectSameBytes(value: unknown, suffix = '\n'): void {
  const encoded = encodeJsonInPieces(value, suffix);
  expect(encoded).not.toBeNull();
  const expected = bytesOf(value, suffix);
  if (!encoded!.equals(expected)) expect(encoded!.toString('utf8')).toBe(expected.toString('utf8'));
}

const entities = (count: number, title: (index: number) => string) =>
  Array.from({ length: count }, (_, index) => ({ id: `task_${index}`, title: title(index), status: 'PENDING' }));

/** An object as graphql-js and graphql-jit make results: no prototype. */
function bare<T extends object>(fields: T): T {
  return Object.assign(Object.create(null) as T, fields);
}

describe('encodeJsonInPieces', () => {
  it('leaves an answer without a long list to the caller', () => {
    expect(encodeJsonInPieces({ data: { task: { id: 'a', title: 'é' } } }, '\n')).toBeNull();
    expect(encodeJsonInPieces({ data: { tasks: entities(128, String) } }, '\n')).toBeNull();
    // A long list deeper than answers hold their lists, or behind an object JSON.stringify asks itself (toJSON), is left whole.
    expect(encodeJsonInPieces({ a: { b: { c: { d: { e: entities(500, String) } } } } }, '\n')).toBeNull();
    expect(encodeJsonInPieces({ data: { tasks: { toJSON: () => entities(500, String) } } }, '\n')).toBeNull();
    expect(encodeJsonInPieces(null, '\n')).toBeNull();
    expect(encodeJsonInPieces('text', '\n')).toBeNull();
  });

  it("writes a large _entities answer byte for byte as JSON.stringify does, with non-ASCII and emoji titles", () => {
    for (const count of [129, 256, 1000, 1001]) {
      const answer = { data: bare({ _entities: entities(count, (index) => (index % 7 === 0 ? `Tâche ${index} 🚀 日本` : `task ${index}`)).map(bare) }) };
      expectSameBytes(answer);
    }
  });

  it('writes what JSON.stringify writes for what it leaves out or changes', () => {
    const items: unknown[] = entities(300, String);
    items[5] = undefined; // null in a list
    items[6] = () => 1; // null in a list
    items[7] = new Date(0); // its toJSON
    items[8] = { at: new Date(1), gone: undefined, fn: () => 1, [Symbol('s')]: 1, nested: [1, undefined, 'x'] };
    items[9] = null;
    delete items[10]; // a hole: null
    items[11] = '\ud800 lone surrogate and "quotes" \\ \n \u2028';
    const answer = {
      errors: undefined,
      data: bare({ first: [], empty: {}, items, count: 3, flag: false, nothing: null, fn: () => 1 }),
      extensions: { cost: 1.5, text: 'ünïcode' },
    };
    expectSameBytes(answer);
    expectSameBytes(answer, '');
  });

  it('writes long lists at every depth an answer holds them, lists of lists included', () => {
    const page = { edges: entities(400, (index) => `ø${index}`).map((node, index) => ({ cursor: `c${index}`, node })), pageInfo: { hasNextPage: true } };
    const answer = { data: { tasks: page, matrix: Array.from({ length: 200 }, (_, row) => Array.from({ length: 150 }, (_, column) => row * column)) } };
    expectSameBytes(answer);
  });

  it('throws where JSON.stringify throws', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const answer = { data: { items: [...entities(200, String), cyclic] } };
    expect(() => JSON.stringify(answer)).toThrow(TypeError);
    expect(() => encodeJsonInPieces(answer, '\n')).toThrow(TypeError);
    expect(() => encodeJsonInPieces({ data: { items: [...entities(200, String), { n: 1n }] } }, '\n')).toThrow(TypeError);
  });
});
