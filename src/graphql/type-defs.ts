import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/**
 * Where the contract lives: `schema.graphql` at the repository root is the source of truth.
 * (A path, not a URL: src/core declares its own minimal global `URL`, which Node's fs types reject.)
 */
export const SCHEMA_FILE = resolve(import.meta.dirname, '../../schema.graphql');

export function loadTypeDefs(): DocumentNode {
  return parse(readFileSync(SCHEMA_FILE, 'utf8'));
}
