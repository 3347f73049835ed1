import type { CodedColumns, Schema, TypedColumn } from './schema';

/**
 * Columns filled a row at a time: `const i = addRow(b); b.columns.x[i] = ...`. All
 * columns grow together (by doubling), so a row costs one capacity check, and each
 * store site always writes one kind of typed array (which keeps it fast).
 */
export interface TableBuilder<S extends Schema> {
  length: number;
  /** Rows every column holds before it must grow. */
  capacity: number;
  columns: CodedColumns<S>;
}

export function tableBuilder<S extends Schema>(schema: S, capacity = 1024): TableBuilder<S> {
  const columns: Record<string, TypedColumn> = {};
  for (const [name, type] of Object.entries(schema)) {
    columns[name] = type === 'float' ? new Float64Array(capacity) : type === 'bool' ? new Uint8Array(capacity) : new Int32Array(capacity);
  }
  return { length: 0, capacity, columns: columns as CodedColumns<S> };
}

/**
 * Index of a new row at the end, growing every column when full. Small on purpose: it is
 * inlined into every row path, and each thread's JIT compiles those paths again.
 */
export function addRow<S extends Schema>(builder: TableBuilder<S>): number {
  if (builder.length === builder.capacity) grow(builder);
  return builder.length++;
}

function grow<S extends Schema>(builder: TableBuilder<S>): void {
  const columns = builder.columns as Record<string, TypedColumn>;
  const capacity = Math.max(16, builder.capacity * 2);
  for (const key of Object.keys(columns)) {
    const grown = new (columns[key].constructor as new (n: number) => TypedColumn)(capacity);
    grown.set(columns[key]);
    columns[key] = grown;
  }
  builder.capacity = capacity;
}

/** Empties a builder for reuse, keeping its arrays. */
export function resetBuilder<S extends Schema>(builder: TableBuilder<S>): TableBuilder<S> {
  builder.length = 0;
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
  const rows = tables.map(([, builder]) => builder.length);
  const buffer = new ArrayBuffer(tables.reduce((sum, [schema], t) => sum + tableBytes(schema, rows[t]), 0));
  let offset = 0;
  return tables.map(([schema, builder], t) => {
    const out = viewColumns(schema, rows[t], buffer, offset);
    offset += tableBytes(schema, rows[t]);
    for (const name of Object.keys(schema) as (keyof S)[]) out[name].set(builder.columns[name].subarray(0, rows[t]));
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
