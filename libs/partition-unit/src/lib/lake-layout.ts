import type { ColumnarTable } from '@ecomlake/model';
import type { ParquetColumnType } from '@ecomlake/s3-extract';

/** The lake's datasets under its prefix: `orders/` (Hive-partitioned by day), `excluded/`, `quarantine/`. */
export type LakeDataset = 'orders' | 'excluded' | 'quarantine';

export const LAKE_DATASETS: readonly LakeDataset[] = ['orders', 'excluded', 'quarantine'];

const MONEY: ParquetColumnType = { type: 'DECIMAL', precision: 18, scale: 3 };

/**
 * The orders dataset's columns: item column → lake column and its Parquet type. Money is
 * DECIMAL(18,3) in pounds (the item's exact thousandths, unscaled), so engines sum it
 * exactly with no cast; the day is the Hive partition (`day=YYYY-MM-DD`), read as a DATE.
 */
export const ORDER_COLUMNS: readonly { from: string; name: string; type: ParquetColumnType }[] = [
  { from: 'invoiceNo', name: 'invoiceNo', type: 'STRING' },
  { from: 'stockCode', name: 'stockCode', type: 'STRING' },
  { from: 'description', name: 'description', type: 'STRING' },
  { from: 'quantity', name: 'quantity', type: 'INT64' },
  { from: 'invoiceDate', name: 'invoiceDate', type: 'LOCAL_TIMESTAMP' },
  { from: 'unitPriceMilli', name: 'unitPrice', type: MONEY },
  { from: 'customerId', name: 'customerId', type: 'STRING' },
  { from: 'country', name: 'country', type: 'STRING' },
  { from: 'totalAmountMilli', name: 'totalAmount', type: MONEY },
  { from: 'lineCount', name: 'lineCount', type: 'INT32' },
  { from: 'nonProduct', name: 'nonProduct', type: 'BOOLEAN' },
];

/** Parquet types of the orders dataset by lake column name. */
export const ORDER_COLUMN_TYPES: Readonly<Record<string, ParquetColumnType>> = Object.fromEntries(ORDER_COLUMNS.map((c) => [c.name, c.type]));

/**
 * One table's prefix in the lake: `clean/<table>/`, with `orders/`, `excluded/` and
 * `quarantine/` below it. The lake mirrors the table, so each table owns its prefix: a run
 * prunes what its table's input no longer has, and never another table's files.
 */
export function lakePrefix(table: string): string {
  return `clean/${table}/`;
}

/** A part file's base name: one per partition (and day), stable across reruns so a rerun overwrites it. */
export function partName(tag: string): string {
  return `part-${tag}`;
}

/**
 * Splits the items of a partition by day (`invoiceDay`) into tables of the orders dataset's
 * columns. A daily object gives one; an object spanning days gives one per day.
 */
export function ordersByDay(items: ColumnarTable): Map<string, ColumnarTable> {
  const days = items.array('invoiceDay');
  const rowsByDay = new Map<string, number[]>();
  for (let i = 0; i < days.length; i++) {
    const day = String(days[i]);
    const rows = rowsByDay.get(day);
    if (rows) rows.push(i);
    else rowsByDay.set(day, [i]);
  }
  const out = new Map<string, ColumnarTable>();
  for (const day of [...rowsByDay.keys()].sort()) {
    const rows = rowsByDay.get(day) ?? [];
    const whole = rows.length === items.numRows();
    out.set(day, project(items, (from) => (whole ? items.array(from) : pick(items.array(from), rows)), rows.length));
  }
  return out;
}

function project(items: ColumnarTable, column: (from: string) => ArrayLike<unknown>, rows: number): ColumnarTable {
  const arrays = new Map(ORDER_COLUMNS.map((c) => [c.name, column(c.from)]));
  return {
    columnNames: () => ORDER_COLUMNS.map((c) => c.name),
    numRows: () => rows,
    array: (name) => {
      const values = arrays.get(name);
      if (!values) throw new RangeError(`the orders dataset has no column "${name}"`);
      return values;
    },
  };
}

function pick(values: ArrayLike<unknown>, rows: readonly number[]): unknown[] {
  return rows.map((i) => values[i]);
}
