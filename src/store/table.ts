import type { EntityMetadata, EntityProperty } from '@mikro-orm/core';

/**
 * One table as the SQL of the store needs it, derived from its MikroORM entity (entities.ts), the
 * one description of each table: column names, the cast each value needs, and the conversion of
 * values both ways. Column lists, placeholders, SET lists and row mapping are all generated here,
 * in property order, so SQL can never bind a value to the wrong column or forget one.
 *
 * Values go to the database as the domain holds them, except JSON (sent as text, cast to jsonb);
 * they come back as `pg` hands them over through MikroORM's connection (timestamps as text: its
 * Date parser is off) and are turned into the domain's shapes (ISO-8601 strings, numbers).
 */
export class Table<Row extends object> {
  private readonly byProperty: ReadonlyMap<keyof Row, Column<Row>>;
  // A table never changes: its texts and views are made once (every statement the store sends
  // is built from them, a write's from several).
  #list: string | undefined;
  #placeholders: string | undefined;
  #assignments: string | undefined;
  readonly #views = new Map<string, Table<never>>();
  /** Statement texts by variant, then by key (see `text`). */
  readonly #texts = new Map<string, Map<string, string>>();

  private constructor(
    /** The table's name as it goes into SQL: quoted, and qualified when a schema is chosen. */
    readonly name: string,
    readonly columns: readonly Column<Row>[],
  ) {
    this.byProperty = new Map(columns.map((column) => [column.property, column]));
  }

  static of<Row extends object>(meta: EntityMetadata<Row>, schema: string | undefined): Table<Row> {
    const columns = meta.props.map((prop) => columnOf<Row>(prop));
    const name = schema ? `${quote(schema)}.${quote(meta.tableName)}` : quote(meta.tableName);
    return new Table<Row>(name, columns);
  }

  /** The same table, seen through some of its columns only (e.g. a task without its idempotency columns). */
  only<K extends keyof Row>(properties: readonly K[]): Table<Pick<Row, K>> {
    const key = properties.join(',');
    let view = this.#views.get(key) as Table<Pick<Row, K>> | undefined;
    if (!view) {
      view = new Table<Pick<Row, K>>(this.name, properties.map((property) => this.column(property)) as unknown as Column<Pick<Row, K>>[]);
      this.#views.set(key, view as unknown as Table<never>);
    }
    return view;
  }

  /** The same table without the given columns. */
  without<K extends keyof Row>(...excluded: K[]): Table<Omit<Row, K>> {
    const kept = this.columns.filter((column) => !excluded.includes(column.property as K)).map((column) => column.property);
    return this.only(kept as Exclude<keyof Row, K>[]) as unknown as Table<Omit<Row, K>>;
  }

  /**
   * A statement text on this table, built once per `key` and the same string every time after:
   * a statement found by its text (commitStatement, the prepared statements) is then found
   * without hashing ~1 KB again. A `variant` (a short constant) tells apart texts built from the
   * same key in different ways, without making a new key string per call. At most 200 texts per
   * variant (keys are the store's own few shapes).
   */
  text(key: string, build: () => string, variant = ''): string {
    let texts = this.#texts.get(variant);
    if (!texts) this.#texts.set(variant, (texts = new Map()));
    let text = texts.get(key);
    if (text === undefined) {
      if (texts.size >= 200) texts.clear();
      texts.set(key, (text = build()));
    }
    return text;
  }

  /** The quoted column name of a property. */
  column<K extends keyof Row>(property: K): Column<Row> {
    const column = this.byProperty.get(property);
    if (!column) throw new Error(`${this.name} has no column for ${String(property)}`);
    return column;
  }

  /** `"a", "b", …`: for SELECT and INSERT lists. */
  get list(): string {
    return (this.#list ??= this.columns.map((column) => column.name).join(', '));
  }

  /** `?, ?::jsonb, …`: one placeholder per column, with its cast. */
  get placeholders(): string {
    return (this.#placeholders ??= this.columns.map((column) => column.placeholder).join(', '));
  }

  /** `"a" = ?, "b" = ?::jsonb, …`: a SET list (the values are `values(row)`). */
  get assignments(): string {
    return (this.#assignments ??= this.columns.map((column) => `${column.name} = ${column.placeholder}`).join(', '));
  }

  /** The row's values in column order, ready to bind. */
  values(row: Row): unknown[] {
    return this.columns.map((column) => column.toSql(row[column.property]));
  }

  /** A database record (column name → value) as the domain's row. */
  read(record: Readonly<Record<string, unknown>>): Row {
    const row: Partial<Row> = {};
    for (const column of this.columns) row[column.property] = column.fromSql(record[column.field]) as Row[keyof Row];
    return row as Row;
  }
}

export interface Column<Row> {
  property: keyof Row;
  /** The column's name, unquoted (the key of a record `pg` returns). */
  field: string;
  /** The column's name, quoted for SQL. */
  name: string;
  /** `?` with the cast the value needs. */
  placeholder: string;
  toSql(value: unknown): unknown;
  fromSql(value: unknown): unknown;
}

function columnOf<Row>(prop: EntityProperty<Row>): Column<Row> {
  const field = prop.fieldNames[0];
  const columnType = prop.columnTypes[0]?.toLowerCase();
  if (!field || !columnType || prop.fieldNames.length !== 1) {
    throw new Error(`Cannot map ${prop.name}: the store maps one column per property`);
  }
  const codec = codecOf(columnType);
  return { property: prop.name as keyof Row, field, name: quote(field), placeholder: `?${codec.cast}`, toSql: codec.toSql, fromSql: codec.fromSql };
}

interface Codec {
  cast: string;
  toSql(value: unknown): unknown;
  fromSql(value: unknown): unknown;
}

const same = (value: unknown): unknown => value;

/** By column type: what a value needs on its way in and out. */
function codecOf(columnType: string): Codec {
  if (columnType === 'jsonb' || columnType === 'json') {
    return { cast: `::${columnType}`, toSql: (value) => (value === null ? null : JSON.stringify(value)), fromSql: same };
  }
  if (columnType.startsWith('timestamptz')) {
    return { cast: '::timestamptz', toSql: same, fromSql: (value) => (value === null || value === undefined ? null : isoInstant(value)) };
  }
  if (columnType === 'bigint' || columnType === 'bigserial') {
    // int8 arrives as text (it may exceed 2^53); sequences stay far below that.
    return { cast: '::bigint', toSql: same, fromSql: (value) => (value === null ? null : Number(value)) };
  }
  return { cast: '', toSql: same, fromSql: same };
}

/**
 * PostgreSQL prints a timestamptz as `2026-11-30 15:46:15.12+00` (trailing zeros dropped, offset
 * in the session's time zone); the domain speaks `Date#toISOString()`. A Date (from a `pg`
 * connection with its default parsers) is accepted too.
 */
function isoInstant(value: unknown): string {
  // The common case, a UTC session's text (`2026-11-30 15:46:15.12+00`), rewritten without a Date:
  // parsing a date string is most of what mapping a row costs. Date keeps milliseconds (truncates).
  if (typeof value === 'string') {
    const utc = UTC_TIMESTAMP.exec(value);
    if (utc) return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  }
  const date = value instanceof Date ? value : new Date(String(value).replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(date.getTime())) throw new Error(`Unreadable timestamp from the database: ${String(value)}`);
  return date.toISOString();
}

const UTC_TIMESTAMP = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
