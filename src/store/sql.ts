/** Small helpers for hand-written SQL. */

/**
 * A text[] literal, bound as one parameter (knex would spread a JS array into a list).
 * Inside a quoted element only backslash and double quote need escaping.
 */
export function textArray(values: readonly string[]): string {
  return `{${[...new Set(values)].map((value) => `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`;
}

/** The WHERE clause of the conditions that apply, or nothing. */
export function where(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}
