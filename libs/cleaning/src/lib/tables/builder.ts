import type { CodedColumns, Schema, TypedColumn } from './schema';

/** A typed array that grows by doubling, so rows are appended without boxing numbers. */
export interface ColumnBuilder {
  values: TypedColumn;
  length: number;
}

export type TableBuilder<S extends Schema> = { [K in keyof S]: ColumnBuilder };

export function push(column: ColumnBuilder, value: number): void {
  if (column.length === column.values.length) {
    const grown = new (column.values.constructor as new (n: number) => TypedColumn)(column.values.length * 2);
    grown.set(column.values);
    column.values = grown;
  }
  column.values[column.length++] = value;
}

export function tableBuilder<S extends Schema>(schema: S, capacity = 1024): TableBuilder<S> {
  const out: Record<string, ColumnBuilder> = {};
  for (const [name, type] of Object.entries(schema)) {
    const values = type === 'float' ? new Float64Array(capacity) : type === 'bool' ? new Uint8Array(capacity) : new Int32Array(capacity);
    out[name] = { values, length: 0 };
  }
  return out as TableBuilder<S>;
}

/** Empties a builder for reuse, keeping its arrays. */
export function resetBuilder<S extends Schema>(builder: TableBuilder<S>): TableBuilder<S> {
  for (const column of Object.values(builder) as ColumnBuilder[]) column.length = 0;
  return builder;
}

/** Typed-array columns of `rows` rows, views on one new buffer. */
export function allocateColumns<S extends Schema>(schema: S, rows: number): CodedColumns<S> {
  return viewColumns(schema, rows, new ArrayBuffer(tableBytes(schema, rows)), 0);
}

/**
 * The filled part of several builders, copied into one buffer: every off-heap
 * allocation adds to V8's external memory pressure, and many small ones trigger full
 * garbage collections. One buffer is also one transfer between threads.
 */
export function packTables<S extends Schema>(tables: readonly (readonly [S, TableBuilder<S>])[]): CodedColumns<S>[] {
  const rows = tables.map(([, builder]) => (Object.values(builder)[0] as ColumnBuilder | undefined)?.length ?? 0);
  const buffer = new ArrayBuffer(tables.reduce((sum, [schema], t) => sum + tableBytes(schema, rows[t]), 0));
  let offset = 0;
  return tables.map(([schema, builder], t) => {
    const out = viewColumns(schema, rows[t], buffer, offset);
    offset += tableBytes(schema, rows[t]);
    for (const name of Object.keys(schema) as (keyof S)[]) out[name].set(builder[name].values.subarray(0, rows[t]));
    return out;
  });
}

function viewColumns<S extends Schema>(schema: S, rows: number, buffer: ArrayBuffer, start: number): CodedColumns<S> {
  const out: Record<string, TypedColumn> = {};
  let offset = start;
  for (const [name, type] of Object.entries(schema)) {
    out[name] = type === 'float' ? new Float64Array(buffer, offset, rows) : type === 'bool' ? new Uint8Array(buffer, offset, rows) : new Int32Array(buffer, offset, rows);
    offset += align(rows * bytesOf(type));
  }
  return out as CodedColumns<S>;
}

function tableBytes(schema: Schema, rows: number): number {
  return Object.values(schema).reduce((sum, type) => sum + align(rows * bytesOf(type)), 0);
}

/** Rows in a built table. */
export function rowCount<S extends Schema>(columns: CodedColumns<S>): number {
  const first = Object.values(columns)[0] as TypedColumn | undefined;
  return first ? first.length : 0;
}

function bytesOf(type: Schema[string]): number {
  return type === 'float' ? 8 : type === 'bool' ? 1 : 4;
}

function align(bytes: number): number {
  return Math.ceil(bytes / 8) * 8;
}
