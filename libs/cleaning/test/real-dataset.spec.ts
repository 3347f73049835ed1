import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { op } from 'arquero';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readCsv } from '@ecomlake/csv';
import { cleanFiles, cleanRows, listCsvFiles, type CleanResult } from '../src/index';
import { rulesAsSql } from '../src/lib/reference/rules-sql';

// The real Online Retail dataset, outside the repository (see the workspace README).
const DATASET = path.resolve(__dirname, '../../../../shared/data/online-retail/by-day');

async function query(con: DuckDBConnection, sql: string): Promise<Record<string, string>[]> {
  const rows = (await con.runAndReadAll(sql)).getRowObjects();
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? 'null' : String(v)])));
}

/** Rows as "key=value" strings, sorted, so two implementations compare as sets. */
function keyed(rows: Record<string, unknown>[], ...columns: string[]): string[] {
  return rows.map((r) => columns.map((c) => `${c}=${String(r[c])}`).join(' ')).sort();
}

describe('cleaning the real dataset', () => {
  let result: CleanResult;
  let con: DuckDBConnection;
  let files: string[];

  beforeAll(async () => {
    expect({ dataset: DATASET, exists: fs.existsSync(DATASET) }).toEqual({ dataset: DATASET, exists: true });
    files = await listCsvFiles(DATASET);
    result = await cleanFiles(files, { concurrency: 2 });
    con = await (await DuckDBInstance.create(':memory:')).connect();
    await con.run(rulesAsSql({ files }));
  }, 120_000);

  afterAll(() => con?.closeSync());

  it('reads all 305 daily files and reconciles: rows in = clean + excluded + quarantined', () => {
    const { rowsIn, clean, excluded, quarantined, reconciled } = result.report;
    expect(files).toHaveLength(305);
    expect(reconciled).toBe(true);
    expect(clean + Object.values(excluded).reduce((a, b) => a + (b ?? 0), 0) + quarantined).toBe(rowsIn);
    expect(result.lines.numRows() + result.excluded.numRows() + result.quarantine.numRows()).toBe(rowsIn);
  });

  it('counts every rule and its money exactly as the SQL implementation in DuckDB does', async () => {
    const sql = await query(con, `SELECT coalesce(rule, 'clean') AS id, count(*) AS count, coalesce(sum(amount_milli), 0) AS amount FROM ruled GROUP BY 1`);
    const ours = [
      ...result.report.rules.map((r) => ({ id: r.id, count: r.count, amount: r.amountMilli })),
      { id: 'clean', count: result.report.clean, amount: result.report.cleanRevenueMilli },
    ];
    expect(keyed(ours.filter((r) => r.count > 0), 'id', 'count', 'amount')).toEqual(keyed(sql, 'id', 'count', 'amount'));
    const [totals] = await query(
      con,
      `SELECT (SELECT count(*) FROM ruled) AS rowsIn, (SELECT count(*) FROM items) AS items,
              (SELECT sum(totalAmountMilli) FROM items) AS itemRevenue,
              (SELECT count(*) FILTER (WHERE customerId IS NULL) FROM lines) AS guests,
              (SELECT count(*) FILTER (WHERE nonProduct) FROM lines) AS nonProductLines`,
    );
    const r = result.report;
    expect(totals).toEqual({
      rowsIn: String(r.rowsIn),
      items: String(r.items),
      itemRevenue: String(r.cleanRevenueMilli),
      guests: String(r.guests),
      nonProductLines: String(r.nonProductLines),
    });
  });

  it('gives the same revenue and items per day and per country and month, to the last decimal', async () => {
    const perDay = result.lines.groupby('invoiceDay').rollup({ lines: op.count(), revenue: op.sum('totalAmountMilli') }).objects() as Record<string, unknown>[];
    const sqlPerDay = await query(con, `SELECT invoiceDay, count(*) AS lines, sum(totalAmountMilli) AS revenue FROM lines GROUP BY 1`);
    expect(perDay).toHaveLength(305);
    expect(keyed(perDay, 'invoiceDay', 'lines', 'revenue')).toEqual(keyed(sqlPerDay, 'invoiceDay', 'lines', 'revenue'));
    const perCountry = result.items
      .groupby('country', 'month')
      .rollup({ items: op.count(), quantity: op.sum('quantity'), revenue: op.sum('totalAmountMilli'), combined: op.sum('lineCount') })
      .objects() as Record<string, unknown>[];
    const sqlPerCountry = await query(
      con,
      `SELECT country, month, count(*) AS items, sum(quantity) AS quantity, sum(totalAmountMilli) AS revenue, sum(lineCount) AS combined
       FROM items GROUP BY 1, 2`,
    );
    expect(keyed(perCountry, 'country', 'month', 'items', 'quantity', 'revenue', 'combined')).toEqual(
      keyed(sqlPerCountry, 'country', 'month', 'items', 'quantity', 'revenue', 'combined'),
    );
  });

  it('gives the same partitions from streamed rows (the s3-extract path) as from files', async () => {
    const largest = [...files].sort((a, b) => fs.statSync(b).size - fs.statSync(a).size).slice(0, 3);
    for (const file of largest) {
      const streamed = await cleanRows(readCsv(fs.createReadStream(file, { highWaterMark: 16 * 1024 }), { source: file }));
      expect(streamed.report).toEqual(result.partitions.find((p) => p.partition === file)?.report);
    }
  });
});
