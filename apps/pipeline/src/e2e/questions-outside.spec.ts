// A question the data has no rows for says so in the log, run-summary.json and report.html:
// never a silent zero, never a day written into the code.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { uniqueName } from '@ecomlake/local-stack';
import { runCli, STACK_LINE, stackEnv } from './run-cli';

const CSV = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
  '536366,22633,HAND WARMER UNION JACK,6,2010-12-02 08:28:00,1.85,17850,United Kingdom',
  '536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,2010-12-03 08:34:00,1.69,13047,France',
].join('\n');

test('a customer, a country and a day outside the data are named in the log, the summary and the report', () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'pipeline-outside-'));
  mkdirSync(path.join(cwd, 'days'));
  writeFileSync(path.join(cwd, 'days', 'orders.csv'), `${CSV}\n`);
  const r = runCli(
    ['--input', 'days', '--out', 'result', '--customer', '99999', '--country', 'Narnia', '--target', 'aws', '--bucket', uniqueName('outside'), '--table', uniqueName('outside')],
    { cwd, env: stackEnv() },
  );
  expect(r.stderr).not.toMatch(STACK_LINE);
  expect(r.status).toBe(0);
  const notes = [
    // Largest revenue first: France 32 x 1.69 = 54.08, the United Kingdom 6 x 2.55 + 6 x 1.85 = 26.40.
    'no orders for country "Narnia" in the data; countries with orders include France, United Kingdom (2 in all)',
    'no orders for customer 99999 in the data',
    // The old code asked about 2011-12-09 here, a day outside this data.
    'the revenue question asks about 2010-12-03, the last day with orders in the data (Narnia has no orders to choose a busiest day from; --date picks another day)',
  ];
  const summary = JSON.parse(readFileSync(path.join(cwd, 'result', 'run-summary.json'), 'utf8'));
  expect(summary.notes).toEqual(notes);
  expect(summary.queries.revenueOnDate).toMatchObject({ day: '2010-12-03', orders: 1 });
  const report = readFileSync(path.join(cwd, 'result', 'report.html'), 'utf8');
  for (const note of notes) {
    expect(r.stdout).toContain(note);
    expect(report).toContain(note.replace(/"/g, '&quot;'));
  }
});
