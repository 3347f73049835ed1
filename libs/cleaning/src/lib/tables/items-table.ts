import type { ColumnTable } from 'arquero';
import { table } from 'arquero';
import type { TableColumn } from './coded-column';
import type { CodedColumns } from './schema';
import { ITEM_REF_SCHEMA, ITEM_SOURCES } from './schema';

/** A column read through a row index: the items' view of a lines column. */
function viaIndex(column: TableColumn, index: Int32Array): TableColumn {
  const at = ArrayBuffer.isView(column) ? (row: number) => (column as Float64Array)[index[row]] : (row: number) => column.at(index[row]);
  return {
    length: index.length,
    at,
    *[Symbol.iterator]() {
      for (let i = 0; i < index.length; i++) yield at(i);
    },
  } as unknown as TableColumn;
}

/** The items table: columns of each item's first or earliest line, and its own sums. */
export function itemsTable(lines: ColumnTable, refs: CodedColumns<typeof ITEM_REF_SCHEMA>): ColumnTable {
  const columns: Record<string, TableColumn> = {};
  for (const [name, from] of Object.entries(ITEM_SOURCES)) {
    if (from === 'own') columns[name] = refs[name as keyof typeof ITEM_REF_SCHEMA];
    else columns[name] = viaIndex(lines.column(name) as unknown as TableColumn, (from === 'first' ? refs.firstLine : refs.dateLine) as Int32Array);
  }
  return table(columns as unknown as Record<string, unknown[]>);
}
