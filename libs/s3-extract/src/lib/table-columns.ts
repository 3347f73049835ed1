import type { ColumnarTable } from '@ecomlake/model';

/** A table's columns as plain arrays, in the table's column order. */
export interface Columns {
  readonly names: string[];
  readonly rows: number;
  readonly values: unknown[][];
}

/** Reads a `ColumnarTable` (an arquero table fits) into plain arrays. */
export function tableColumns(table: ColumnarTable): Columns {
  const names = table.columnNames();
  const rows = table.numRows();
  const values = names.map((name) => {
    const column = table.array(name);
    if (column.length !== rows) throw new RangeError(`Column "${name}" has ${column.length} values for ${rows} rows.`);
    return Array.from(column);
  });
  return { names, rows, values };
}
