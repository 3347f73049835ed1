import type { ColumnarTable } from '@ecomlake/model';

/** A minimal ColumnarTable over plain arrays (what an arquero table offers, structurally). */
export function columnarTable(columns: Record<string, ArrayLike<unknown>>): ColumnarTable {
  const names = Object.keys(columns);
  return {
    columnNames: () => [...names],
    numRows: () => (names.length === 0 ? 0 : columns[names[0]].length),
    array: (name: string) => columns[name],
  };
}
