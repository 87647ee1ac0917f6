import { BadUserInputError } from './errors.js';
import { LIMITS } from './validation.js';

/**
 * Keyset pagination, both ways, in one place (Relay's algorithm): a list in ascending key order is
 * cut to the window strictly between `after` and `before` (each optional), then the first `limit`
 * items of the window are taken (`first`), or the last `limit` (`last`). A page is always in
 * ascending order. Stores read one item more than `limit` in the direction they read, which tells
 * whether more lie beyond the page on that side; the other side is known from the cursor: items
 * exist before `after` (and after `before`), since a cursor names an item that was there.
 */

/** A page as callers ask for it (every part optional: the first 50 items). */
export interface PageRequest<Key> {
  first?: number | null;
  after?: Key | null;
  last?: number | null;
  before?: Key | null;
}

/** A page request after checking: what a store is asked for. */
export interface PageQuery<Key> {
  /** Items at most (0 is allowed: the page tells only whether items exist). */
  limit: number;
  after: Key | null;
  before: Key | null;
  /** The first `limit` items of the window, or the last. */
  take: 'first' | 'last';
}

/** What a store answers: the items (ascending) and whether more lie beyond them in the direction read. */
export interface StorePage<T> {
  items: T[];
  more: boolean;
}

/** Relay's page flags. */
export interface PageFlags {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * Checks a request: `first` and `last` are whole numbers from 0 to 500 (default 50 when neither is
 * given), and not both (Relay discourages it; its meaning surprises). Keys are checked by `parseKey`.
 */
export function parsePage<Key, Raw = Key>(request: PageRequest<Raw>, parseKey: (field: 'after' | 'before', raw: Raw) => Key): PageQuery<Key> {
  const { first, last } = request;
  if (first != null && last != null) throw new BadUserInputError('Pass either first (with after) or last (with before), not both');
  const take = last != null ? 'last' : 'first';
  return {
    limit: take === 'last' ? pageSize('last', last) : pageSize('first', first),
    after: request.after == null ? null : parseKey('after', request.after),
    before: request.before == null ? null : parseKey('before', request.before),
    take,
  };
}

/** A page size: absent → the default; negative, fractional or above the maximum → BAD_USER_INPUT. */
export function pageSize(field: 'first' | 'last', value: unknown): number {
  if (value === undefined || value === null) return LIMITS.defaultPageSize;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new BadUserInputError(`${field} must be a whole number from 0 to ${LIMITS.maxPageSize}`);
  }
  if (value > LIMITS.maxPageSize) {
    throw new BadUserInputError(`${field} may be at most ${LIMITS.maxPageSize} (got ${value}); page on with the cursors`);
  }
  return value;
}

/** The flags of a page read for `query` that found `more` beyond it in the direction read. */
export function pageFlags(query: PageQuery<unknown>, more: boolean): PageFlags {
  return query.take === 'first'
    ? { hasNextPage: more, hasPreviousPage: query.after !== null }
    : { hasNextPage: query.before !== null, hasPreviousPage: more };
}

/**
 * The page of an ascending list held in memory (the in-memory store, and lists the core filters
 * itself): `compare(item, key)` orders an item against a cursor key.
 */
export function pageOfSorted<T, Key>(sorted: readonly T[], query: PageQuery<Key>, compare: (item: T, key: Key) => number): StorePage<T> {
  const window = sorted.filter(
    (item) => (query.after === null || compare(item, query.after) > 0) && (query.before === null || compare(item, query.before) < 0),
  );
  if (query.take === 'first') return { items: window.slice(0, query.limit), more: window.length > query.limit };
  return { items: window.slice(Math.max(0, window.length - query.limit)), more: window.length > query.limit };
}

/** The rows a store read with `limit + 1` (ascending when `take` is first, descending when last) → the page. */
export function pageOfRead<T>(rows: T[], query: PageQuery<unknown>): StorePage<T> {
  const items = rows.slice(0, query.limit);
  if (query.take === 'last') items.reverse();
  return { items, more: rows.length > query.limit };
}
