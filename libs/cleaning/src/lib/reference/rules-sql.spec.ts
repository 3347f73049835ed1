import { DuckDBInstance } from '@duckdb/node-api';
import * as path from 'node:path';
import { csv, line } from '../../test-fixtures/retail-csv';
import { tempDir } from '../../test-fixtures/temp-dir';
import { cleanFiles } from '../files/clean-files';
import type { DateFormat } from '../parse/dates';
import { rulesAsSql } from './rules-sql';

// Every kind of row the rules tell apart (CSV structure errors aside: DuckDB rejects those).
const dirty = [
  line(),
  line(),
  line({ price: '2.550', customer: '17850', description: ' WHITE HANGING  HEART T-LIGHT HOLDER ' }),
  line({ stock: '71053', customer: '' }),
  line({ stock: '71053', customer: '', quantity: '4', price: '3.1' }),
  line({ stock: 'POST', description: 'POSTAGE', price: '18' }),
  line({ stock: 'gift_0001_40', price: '34.04' }),
  line({ invoice: 'C536379', quantity: '-1' }),
  line({ invoice: 'C536379', quantity: '-1' }),
  line({ quantity: '0' }),
  line({ quantity: '-5', price: '0' }),
  line({ stock: '22139', price: '0' }),
  line({ stock: 'B', price: '-11062.06', invoice: 'A563185' }),
  line({ quantity: 'NaN' }),
  line({ quantity: '1.5', price: '1' }),
  line({ price: 'Infinity' }),
  line({ price: '1e400' }),
  line({ price: '2.5555' }),
  line({ invoice: '' }),
  line({ stock: '' }),
  line({ quantity: '999999999', price: '999999999.999' }),
];

async function compare(text: string, dateFormat: DateFormat) {
  const dir = tempDir({ 'day.csv': text });
  const ours = await cleanFiles([path.join(dir, 'day.csv')], { concurrency: 1, dateFormat });
  const con = await (await DuckDBInstance.create(':memory:')).connect();
  await con.run(rulesAsSql({ files: [path.join(dir, 'day.csv')], dateFormat }));
  const rows = (await con.runAndReadAll(`SELECT coalesce(rule, 'clean') AS id, count(*) AS n, coalesce(sum(amount_milli), 0) AS amount FROM ruled GROUP BY 1`)).getRowObjects();
  const items = (await con.runAndReadAll('SELECT count(*) AS n, sum(totalAmountMilli) AS revenue FROM items')).getRowObjects()[0];
  con.closeSync();
  const sql = Object.fromEntries(rows.map((r) => [String(r.id), `${r.n} ${r.amount}`]));
  const mine = Object.fromEntries([
    ...ours.report.rules.filter((r) => r.count > 0).map((r) => [r.id, `${r.count} ${r.amountMilli}`]),
    ['clean', `${ours.report.clean} ${ours.report.cleanRevenueMilli}`],
  ]);
  return { sql, mine, sqlItems: `${items.n} ${items.revenue}`, myItems: `${ours.report.items} ${ours.report.cleanRevenueMilli}` };
}

describe('rulesAsSql (the reference implementation in DuckDB)', () => {
  it('sorts every kind of row as the library does, with the same money', async () => {
    const r = await compare(csv(...dirty), 'iso');
    expect(r.mine).toEqual(r.sql);
    expect(r.mine.malformed).toBe('8 30600'); // only rows with readable numbers and an exact amount
    expect(r.myItems).toBe(r.sqlItems);
  });

  it('reads month-first dates with four and two-digit years, rejecting impossible ones', async () => {
    for (const [format, dates] of [
      ['mdy', ['12/1/2010 8:26', '2/29/2012 10:00', '2/30/2011 10:00', '2010-12-01 08:26:00']],
      ['mdyy', ['12/1/10 8:26', '2/29/12 10:00', '2/30/11 10:00', '12/1/2010 8:26']],
    ] as const) {
      const r = await compare(csv(...dates.map((date, i) => line({ date, stock: String(i) }))), format);
      expect(r.mine).toEqual(r.sql);
      expect(r.mine.malformed).toMatch(/^2 /);
    }
  });
});
