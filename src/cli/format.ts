/**
 * Human output: aligned tables for lists and `key: value` blocks for one entity. No colours, no
 * truncation: what is printed is the value (machine use goes through --json).
 */

/** How one value reads in a table cell or a block: null as "-", lists comma-separated, objects as JSON. */
export function cell(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (Array.isArray(value)) return value.length === 0 ? '-' : value.map(cell).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  // Control characters (a newline in a title) would break the columns.
  return String(value).replace(/[\u0000-\u001f\u007f]/g, ' ');
}

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
}

/** Columns separated by two spaces, each as wide as its widest cell; the last one is not padded. */
export function table<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const cells = [columns.map((column) => column.header), ...rows.map((row) => columns.map((column) => cell(column.value(row))))];
  const widths = columns.map((_, i) => Math.max(...cells.map((line) => width(line[i]!))));
  return cells
    .map((line) =>
      line
        .map((text, i) => (i === line.length - 1 ? text : text + ' '.repeat(widths[i]! - width(text))))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `key: value` lines with the values aligned; rows whose value is undefined are left out. */
export function block(rows: readonly (readonly [string, unknown])[]): string {
  const shown = rows.filter(([, value]) => value !== undefined);
  const keyWidth = Math.max(0, ...shown.map(([key]) => width(key)));
  return shown.map(([key, value]) => `${key}:${' '.repeat(keyWidth - width(key))} ${cell(value)}`.trimEnd()).join('\n');
}

/** Code points, not UTF-16 units (close enough for alignment without a width table). */
function width(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
