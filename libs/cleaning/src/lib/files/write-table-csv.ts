import type { Milli } from '@ecomlake/model';
import type { ColumnTable } from 'arquero';
import * as fs from 'node:fs';
import { once } from 'node:events';
import { formatMilli } from '../parse/money';
import { csvField } from '../tables/csv-line';

/**
 * Writes a table as CSV, streaming in blocks so memory stays flat. Money columns
 * (`*Milli`) are written as exact pounds with three decimals under their name without
 * the suffix (`totalAmountMilli` 15300 → `totalAmount` `15.300`); absent values are empty.
 */
export async function writeTableCsv(t: ColumnTable, file: string): Promise<number> {
  const names = t.columnNames();
  const getters = names.map((name) => t.getter(name) as (row: number) => unknown);
  const money = names.map((name) => name.endsWith('Milli'));
  const out = fs.createWriteStream(file);
  const closed = once(out, 'close');
  let chunk = names.map((n, c) => (money[c] ? n.slice(0, -'Milli'.length) : n)).join(',') + '\n';
  const n = t.numRows();
  for (let row = 0; row < n; row++) {
    let line = '';
    for (let c = 0; c < names.length; c++) {
      const value = getters[c](row);
      if (c > 0) line += ',';
      if (value === null || value === undefined) continue;
      line += money[c] ? formatMilli(value as Milli) : csvField(String(value));
    }
    chunk += line + '\n';
    if (chunk.length > 1 << 16) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await closed;
  return n;
}
