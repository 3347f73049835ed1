import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanBuffer } from './clean-buffer';
import { cleanStream, type CleanedStream, type CleanStreamEvent, type CleanStreamOptions } from './clean-stream';
import { EmptyFileError } from './errors';
import { partitionCounts } from './merge/reduce-quality';
import { orderItems } from './order-items';
import type { OrderItem } from '@ecomlake/model';
import { rowsOf } from '../test-fixtures/clean-both';
import { csv, line } from '../test-fixtures/retail-csv';

// The real Online Retail dataset, outside the repository (see the workspace README).
const BY_DAY = path.resolve(__dirname, '../../../../../shared/data/online-retail/by-day');

interface Streamed {
  events: CleanStreamEvent['kind'][];
  /** Rows of the windows since the last restart, by table. */
  items: OrderItem[];
  excluded: Record<string, unknown>[];
  quarantine: Record<string, unknown>[];
  /** Rows (lines, excluded, quarantined) of each window. */
  sizes: number[];
  result: CleanedStream;
}

/** Cleans `bytes` in windows, fed in small chunks, and gathers what comes out. */
async function stream(bytes: Buffer, options: CleanStreamOptions, source = 'day.csv'): Promise<Streamed> {
  const out: Omit<Streamed, 'result'> & { result?: CleanedStream } = { events: [], items: [], excluded: [], quarantine: [], sizes: [] };
  const chunks = function* (): Generator<Buffer> {
    for (let at = 0; at < bytes.length; at += 4096) yield bytes.subarray(at, at + 4096);
  };
  for await (const event of cleanStream(() => chunks(), source, options)) {
    out.events.push(event.kind);
    if (event.kind === 'restart') [out.items, out.excluded, out.quarantine, out.sizes] = [[], [], [], []];
    if (event.kind === 'end') out.result = event.result;
    if (event.kind !== 'window') continue;
    const { window } = event;
    out.items.push(...orderItems(window.items));
    out.excluded.push(...rowsOf(window.excluded));
    out.quarantine.push(...rowsOf(window.quarantine));
    out.sizes.push(window.lines.numRows() + window.excluded.numRows() + window.quarantine.numRows());
  }
  if (!out.result) throw new Error('no end event');
  return out as Streamed;
}

/** Rows in a stable order, to compare sets of rows. */
const sorted = (rows: readonly unknown[]): string[] => rows.map((r) => JSON.stringify(r)).sort();

describe('cleanStream: a partition cleaned in windows', () => {
  it.each([1, 7, 250, 1_000_000])('equals the whole file cleaned at once, for windows of %i rows (three real days)', async (windowRows) => {
    for (const day of ['2010-12-01.csv', '2011-02-01.csv', '2011-12-09.csv']) {
      const bytes = fs.readFileSync(path.join(BY_DAY, day));
      const whole = cleanBuffer(bytes, day);
      const got = await stream(bytes, { windowRows }, day);
      expect(got.result.report).toEqual(whole.report); // samples included: they are taken in row order
      expect(got.result.counts).toEqual(partitionCounts(whole));
      expect(got.result.invoices).toEqual([...new Set(whole.items.array('invoiceNo') as string[])].sort());
      expect(sorted(got.items)).toEqual(sorted([...orderItems(whole.items)]));
      expect(sorted(got.excluded)).toEqual(sorted(rowsOf(whole.excluded)));
      expect(got.quarantine).toEqual(rowsOf(whole.quarantine));
    }
  });

  it('cuts windows between invoices, after windowRows rows: no window holds more than that plus one invoice', async () => {
    const day = '2010-12-01.csv';
    const bytes = fs.readFileSync(path.join(BY_DAY, day));
    const whole = cleanBuffer(bytes, day);
    const invoices = [...(whole.lines.array('invoiceNo') as string[]), ...(whole.excluded.array('invoiceNo') as string[])];
    const largest = Math.max(...[...new Set(invoices)].map((inv) => invoices.filter((i) => i === inv).length));
    const got = await stream(bytes, { windowRows: 100 }, day);
    expect(got.result.windows).toBe(got.sizes.length);
    expect(got.sizes.length).toBeGreaterThan(whole.report.rowsIn / (100 + largest));
    for (const size of got.sizes) expect(size).toBeLessThanOrEqual(100 + largest);
    expect(got.sizes.reduce((a, b) => a + b, 0)).toBe(whole.report.rowsIn);
  });

  it('an invoice that comes back after its window was cut: the input is read again, that invoice held to the last window', async () => {
    // Invoice 1 has lines on both sides of invoice 2; windows of 1 row cut between them.
    const text = csv(
      line({ invoice: '1', stock: 'A', quantity: '2' }),
      line({ invoice: '2', stock: 'B' }),
      line({ invoice: '1', stock: 'A', quantity: '3' }), // combined with the first line: one item, quantity 5
      line({ invoice: '1', stock: 'A', quantity: '2' }), // a duplicate of the first line
      line({ invoice: '3', stock: 'C' }),
    );
    const whole = cleanBuffer(Buffer.from(text), 'day.csv');
    const opened: number[] = [];
    const events: CleanStreamEvent[] = [];
    for await (const event of cleanStream((pass) => (opened.push(pass), [Buffer.from(text)]), 'day.csv', { windowRows: 1 })) events.push(event);
    expect(opened).toEqual([1, 2]);
    expect(events.filter((e) => e.kind !== 'window')).toEqual([{ kind: 'restart', comeBack: ['1'] }, expect.objectContaining({ kind: 'end' })]);
    const after = events.slice(events.findIndex((e) => e.kind === 'restart') + 1);
    const windows = after.flatMap((e) => (e.kind === 'window' ? [e.window] : []));
    expect(windows.map((w) => [...orderItems(w.items)].map((i) => `${i.invoiceNo}/${i.stockCode}×${i.quantity}`))).toEqual([['2/B'], ['3/C'], ['1/A×5']].map((w) => w.map((k) => (k.includes('×') ? k : `${k}×6`))));
    expect(windows.at(-1)?.excluded.array('rule')).toEqual(['duplicate']);
    const end = events.at(-1);
    expect(end?.kind === 'end' && end.result).toMatchObject({ report: whole.report, passes: 2, held: ['1'] });
    // Told up front, a run holds it apart without reading twice (the load streams the items so).
    const again = await stream(Buffer.from(text), { windowRows: 1, hold: ['1'] });
    expect(again.events).not.toContain('restart');
    expect(again.result).toMatchObject({ passes: 1, held: ['1'], report: whole.report });
  });

  it('quarantined and multi-line rows, blank lines and a missing last line break reconcile across windows', async () => {
    const text = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      line({ invoice: '10', stock: 'A' }),
      '',
      line({ invoice: '10', stock: 'B', description: '"TWO\nLINES"' }),
      line({ invoice: '11', stock: 'A', quantity: 'six' }),
      '11,too,few',
      line({ invoice: '12', stock: 'A', description: '"a ""quoted"" one"' }),
      '',
      line({ invoice: 'C13', stock: 'A', quantity: '-1' }),
      line({ invoice: '14', stock: 'A' }),
    ].join('\n');
    const whole = cleanBuffer(Buffer.from(text), 'day.csv');
    expect(whole.report.quarantined).toBe(2);
    for (const windowRows of [1, 2, 100]) {
      const got = await stream(Buffer.from(text), { windowRows });
      expect(got.result.report).toEqual(whole.report);
      expect(got.result.report.lines).toEqual({ header: 1, blank: 2, clean: 5, excluded: 1, quarantined: 2 });
      expect(got.quarantine).toEqual(rowsOf(whole.quarantine));
    }
  });

  it('an empty input is an empty file, named', async () => {
    await expect(stream(Buffer.alloc(0), {}, 'empty.csv')).rejects.toThrow(EmptyFileError);
  });

  it('refuses a window size that is not a whole number of rows', async () => {
    await expect(stream(Buffer.from(csv(line())), { windowRows: 0 })).rejects.toThrow(/window rows must be a whole number > 0, got 0/);
  });
});
