import { parseValue } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DateTimeScalar, JsonScalar } from '../../src/graphql/scalars.js';

describe('DateTime', () => {
  it('normalizes ISO-8601 input with any offset to UTC toISOString()', () => {
    expect(DateTimeScalar.parseValue('2026-03-01T12:00:00+02:00')).toBe('2026-03-01T10:00:00.000Z');
    expect(DateTimeScalar.parseLiteral(parseValue('"2026-03-01T12:00Z"'), {})).toBe('2026-03-01T12:00:00.000Z');
  });

  it('refuses dates without a time or zone, and non-dates', () => {
    for (const bad of ['2026', '2026-03-01', '2026-03-01T12:00:00', 'tomorrow', 1_700_000_000, '2026-13-45T99:00:00Z']) {
      expect(() => DateTimeScalar.parseValue(bad)).toThrow(/DateTime/);
    }
    expect(() => DateTimeScalar.parseLiteral(parseValue('42'), {})).toThrow(/DateTime/);
  });

  it('serializes domain ISO strings as they are', () => {
    expect(DateTimeScalar.serialize('2026-03-01T10:00:00.000Z')).toBe('2026-03-01T10:00:00.000Z');
  });
});

describe('JSON', () => {
  it('reads object, list and scalar literals, with variables inside', () => {
    const literal = parseValue('{ a: 1, b: [true, null, "x"], c: { d: 1.5 }, e: $v }');
    expect(JsonScalar.parseLiteral(literal, { v: { nested: 'ok' } })).toEqual({
      a: 1,
      b: [true, null, 'x'],
      c: { d: 1.5 },
      e: { nested: 'ok' },
    });
  });
});
