import { table, type ColumnTable } from 'arquero';
import { boolColumn, stringColumn, type TableColumn } from './coded-column';
import type { CodedColumns, Schema } from './schema';

/** An arquero table over coded columns, without copying them. */
export function decodeTable<S extends Schema>(schema: S, columns: CodedColumns<S>, strings: readonly string[]): ColumnTable {
  const out: Record<string, TableColumn> = {};
  for (const [name, type] of Object.entries(schema)) {
    const column = columns[name as keyof S];
    out[name] =
      type === 'string' ? stringColumn(column as Int32Array, strings) : type === 'bool' ? boolColumn(column as Uint8Array) : column;
  }
  // arquero's types only list arrays, but it reads every column through `at(row)`.
  return table(out as unknown as Record<string, unknown[]>);
}
