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

/** The filled part of each column, trimmed to size (copied, so the buffers are exactly the data). */
export function finishTable<S extends Schema>(builder: TableBuilder<S>): CodedColumns<S> {
  const out: Record<string, TypedColumn> = {};
  for (const [name, column] of Object.entries(builder) as [string, ColumnBuilder][]) {
    out[name] = column.values.slice(0, column.length);
  }
  return out as CodedColumns<S>;
}

/** Rows in a built table. */
export function rowCount<S extends Schema>(columns: CodedColumns<S>): number {
  const first = Object.values(columns)[0] as TypedColumn | undefined;
  return first ? first.length : 0;
}
