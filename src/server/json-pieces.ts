/**
 * A large answer's JSON as UTF-8 bytes, without ever holding the whole JSON as one string.
 *
 * Why: `JSON.stringify` of a large answer returns a tree of pieces, which encoding it first
 * copies into one flat string. A flat string above V8's largest regular object (128 KiB: 131,072
 * characters while all are Latin-1, 65,536 once one is not, e.g. an emoji, a CJK character or a
 * ☃ in one of 1,000 task titles) is a large object, in pages of its own that the kernel maps and
 * faults in for every answer and unmaps after the next collection. On this project's VM that copy
 * took 0.7–0.8 ms for 1,000 entities when one title had a ☃ (93,000 characters; ~50 µs when all
 * are ASCII, under the limit). A/B over HTTP, 1,000 `_entities` with such titles: the server's
 * CPU per call −17 to −32%; with ASCII ones, the same within the spread.
 *
 * So the lists of an answer (the entities, a page's edges) are serialised by `JSON.stringify` a
 * slice of BATCH items at a time, and each piece is encoded on its own into one Buffer. The bytes are
 * exactly `JSON.stringify(value)`'s (test/server/json-pieces.test.ts compares them).
 */

/** Items of a list serialised at once: ~10 KB of JSON for an entity of a few fields. */
const BATCH = 128;
/** How deep lists are looked for: an answer → data → a field → a connection → its edges. */
const MAX_DEPTH = 4;

/**
 * `JSON.stringify(value) + suffix` as UTF-8, made in pieces when the value holds a list longer
 * than BATCH within MAX_DEPTH plain objects; null otherwise (the caller stringifies it whole:
 * nothing there is large).
 */
export function encodeJsonInPieces(value: unknown, suffix: string): Buffer | null {
  if (!hasLongList(value, 0)) return null;
  const pieces: string[] = [];
  write(value, 0, pieces);
  pieces.push(suffix);
  let length = 0;
  for (const piece of pieces) length += Buffer.byteLength(piece);
  const bytes = Buffer.allocUnsafe(length);
  let at = 0;
  for (const piece of pieces) at += bytes.write(piece, at);
  return bytes;
}

function hasLongList(value: unknown, depth: number): boolean {
  if (Array.isArray(value)) return value.length > BATCH && !hasToJson(value);
  if (depth >= MAX_DEPTH || !isPlainObject(value)) return false;
  for (const key in value) {
    const item = value[key];
    if (typeof item === 'object' && item !== null && hasLongList(item, depth + 1)) return true;
  }
  return false;
}

/** What JSON.stringify writes for `value`, pushed in pieces (`value` is not undefined, a function or a symbol). */
function write(value: unknown, depth: number, pieces: string[]): void {
  if (Array.isArray(value) && value.length > BATCH && !hasToJson(value)) {
    pieces.push('[');
    for (let start = 0; start < value.length; start += BATCH) {
      // `[a,b,…]` without its brackets; the items as JSON.stringify writes them in a list (holes and undefined: null).
      const slice = JSON.stringify(value.slice(start, start + BATCH));
      pieces.push(start === 0 ? slice.slice(1, -1) : `,${slice.slice(1, -1)}`);
    }
    pieces.push(']');
    return;
  }
  if (depth >= MAX_DEPTH || !isPlainObject(value)) {
    pieces.push(JSON.stringify(value));
    return;
  }
  // JSON.stringify's order: own enumerable string keys (plain objects have no inherited ones);
  // properties it leaves out (undefined, functions, symbols) are left out here too.
  let separator = '{';
  for (const key of Object.keys(value)) {
    const item = value[key];
    if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue;
    pieces.push(`${separator}${JSON.stringify(key)}:`);
    separator = ',';
    write(item, depth + 1, pieces);
  }
  pieces.push(separator === '{' ? '{}' : '}');
}

/** An object JSON.stringify writes key by key: a plain object (GraphQL results use null-prototype ones too) without toJSON. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return (prototype === Object.prototype || prototype === null) && !hasToJson(value);
}

function hasToJson(value: object): boolean {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
