import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import type { JsonValue } from '../core/index.js';

/**
 * DateTime travels as an ISO-8601 string, which is also the domain's representation, so
 * output passes through and input is normalized to `toISOString()` (UTC, milliseconds).
 */
export const DateTimeScalar = new GraphQLScalarType<string, string>({
  name: 'DateTime',
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    if (typeof value === 'string') return value;
    throw new GraphQLError(`DateTime cannot represent ${JSON.stringify(value)}`);
  },
  parseValue: (value) => parseDateTime(value),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { nodes: ast });
    return parseDateTime(ast.value);
  },
});

// An explicit date and time are required: `new Date('2026')` alone would accept a bare year.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function parseDateTime(value: unknown): string {
  const date = typeof value === 'string' && ISO_DATE_TIME.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new GraphQLError(`DateTime must be an ISO-8601 date-time with a time zone, got ${JSON.stringify(value)}`);
  }
  return date.toISOString();
}

/** Any JSON value; the core decides what shape a field needs (metadata must be an object). */
export const JsonScalar = new GraphQLScalarType<JsonValue, JsonValue>({
  name: 'JSON',
  serialize: (value) => value as JsonValue,
  parseValue: (value) => value as JsonValue,
  parseLiteral: (ast, variables) => jsonFromLiteral(ast, variables ?? null),
});

function jsonFromLiteral(ast: ValueNode, variables: Record<string, unknown> | null): JsonValue {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((item) => jsonFromLiteral(item, variables));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((field) => [field.name.value, jsonFromLiteral(field.value, variables)]));
    case Kind.VARIABLE:
      return (variables?.[ast.name.value] ?? null) as JsonValue;
    default:
      throw new GraphQLError(`JSON cannot represent a ${ast.kind} literal`, { nodes: ast });
  }
}
