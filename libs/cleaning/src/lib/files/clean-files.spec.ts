import * as path from 'node:path';
import { rowsOf } from '../../test-fixtures/clean-both';
import { csv, line } from '../../test-fixtures/retail-csv';
import { tempDir } from '../../test-fixtures/temp-dir';
import { cleanBuffer } from '../clean-buffer';
import { CleaningOptionsError, MissingColumnError } from '../errors';
import { mergePartitions } from '../merge/merge-partitions';
import { cleanFiles } from './clean-files';
import { listCsvFiles } from './list-inputs';

// Six small days, each with its own invoices, and some dirt.
const days = Array.from({ length: 6 }, (_, d) => {
  const invoice = String(536400 + d * 10);
  const date = `2010-12-0${d + 1} 10:00:00`;
  return csv(
    line({ invoice, date }),
    line({ invoice, date, stock: '71053', customer: '' }),
    line({ invoice, date }),
    line({ invoice: `C${invoice}`, date, quantity: '-1' }),
    line({ invoice, date, quantity: 'many' }),
    line({ invoice, date, stock: 'POST', description: `POSTAGE £${d}` }),
  );
});

describe('cleanFiles', () => {
  const dir = tempDir(Object.fromEntries(days.map((text, d) => [`2010-12-0${d + 1}.csv`, text])));

  it('cleans on worker threads and merges in input order, as one thread does', async () => {
    const files = await listCsvFiles(dir);
    const threaded = await cleanFiles(files, { concurrency: 3 });
    const single = await cleanFiles(files, { concurrency: 1 });
    const expected = mergePartitions(files.map((f, d) => cleanBuffer(Buffer.from(days[d]), f)));
    for (const result of [threaded, single]) {
      expect(result.report).toEqual(expected.report);
      for (const name of ['lines', 'items', 'excluded', 'quarantine'] as const) expect(rowsOf(result[name])).toEqual(rowsOf(expected[name]));
    }
    expect(threaded.partitions.map((p) => path.basename(p.partition))).toEqual(days.map((_, d) => `2010-12-0${d + 1}.csv`));
    expect(threaded.report).toMatchObject({ rowsIn: 36, clean: 18, quarantined: 6, nonProductLines: 6, reconciled: true });
  });

  it('passes a typed error from a worker thread to the caller', async () => {
    const bad = tempDir({ 'a.csv': days[0], 'b.csv': 'Invoice,Price\n1,2\n', 'c.csv': days[1], 'd.csv': days[2] });
    const files = await listCsvFiles(bad);
    const error = await cleanFiles(files, { concurrency: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingColumnError);
    expect((error as MissingColumnError).file).toBe(path.join(bad, 'b.csv'));
    expect((error as MissingColumnError).found).toEqual(['Invoice', 'Price']);
  });

  it('rejects a concurrency that is not a positive whole number', async () => {
    await expect(cleanFiles([], { concurrency: 0 })).rejects.toThrow(CleaningOptionsError);
  });
});
