import { readCsv } from '@ecomlake/csv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { cleanBuffer } from '../clean-buffer';
import { cleanRows } from '../clean-rows';
import { ReconciliationError } from '../errors';
import { mergePartitions } from '../merge/merge-partitions';
import { rowsOf } from '../../test-fixtures/clean-both';
import { HEADER, line } from '../../test-fixtures/retail-csv';
import type { CleanPartition } from '../types';

// The real Online Retail dataset, outside the repository (see the workspace README).
const BY_DAY = path.resolve(__dirname, '../../../../../../shared/data/online-retail/by-day');
const DAY = path.join(BY_DAY, '2010-12-01.csv');

/** Line breaks in a file, counted byte by byte. */
function lineBreaks(file: string): number {
  let breaks = 0;
  for (const byte of fs.readFileSync(file)) if (byte === 0x0a) breaks++;
  return breaks;
}

/** Data line `i`: its own invoice every ten lines and its own stock code, so no line is a duplicate. */
const dataLine = (i: number, description?: string): string =>
  line({ invoice: String(536365 + Math.floor(i / 10)), stock: String(20000 + i), ...(description === undefined ? {} : { description }) });

/** Cleans a text on the fast path and from `readCsv` rows (as a stream is read); both must agree. */
async function cleanTwice(text: string | Buffer, source = 'day.csv'): Promise<CleanPartition> {
  const fast = cleanBuffer(Buffer.from(text), source);
  const streamed = await cleanRows(readCsv([Buffer.from(text)], { source }));
  expect(streamed.report).toEqual(fast.report);
  return fast;
}

describe('physical lines', () => {
  it('a stray quote costs only its line: 1,996 of 1,998 lines clean, the two bad ones quarantined where they are', async () => {
    // Line 3 opens a quote never closed on its line; line 1502's description is a lone quote.
    // Read naively, line 3's quote closes at line 1502's: one "clean" row of 1,500 lines.
    const lines = [HEADER];
    for (let i = 0; i < 1998; i++) {
      const physical = i + 2;
      lines.push(dataLine(i, physical === 3 ? '"WHITE HANGING HEART T-LIGHT HOLDER' : physical === 1502 ? '"' : undefined));
    }
    const day = await cleanTwice(lines.join('\n') + '\n');
    expect(rowsOf(day.quarantine)).toEqual([
      { source: 'day.csv', line: 3, reason: 'unterminated quote', text: lines[2] },
      { source: 'day.csv', line: 1502, reason: 'unterminated quote', text: lines[1501] },
    ]);
    expect(day.report).toMatchObject({
      rowsIn: 1998,
      clean: 1996,
      quarantined: 2,
      linesIn: 1999,
      lines: { header: 1, blank: 0, clean: 1996, excluded: 0, quarantined: 2 },
      reconciled: true,
    });
    expect(Math.max(...rowsOf(day.lines).map((r) => String(r.description).length))).toBe('WHITE HANGING HEART T-LIGHT HOLDER'.length);
  });

  it('a genuine description over three lines is one clean row holding three lines', async () => {
    const text = [HEADER, dataLine(0), dataLine(1, '"SET OF 3\nRETROSPOT\nCAKE TINS"'), dataLine(2)].join('\n') + '\n';
    const day = await cleanTwice(text);
    expect(rowsOf(day.lines).map((r) => [r.line, r.description])).toEqual([
      [2, 'WHITE HANGING HEART T-LIGHT HOLDER'],
      [3, 'SET OF 3 RETROSPOT CAKE TINS'],
      [6, 'WHITE HANGING HEART T-LIGHT HOLDER'],
    ]);
    expect(day.report).toMatchObject({ rowsIn: 3, linesIn: 6, lines: { header: 1, blank: 0, clean: 5, excluded: 0, quarantined: 0 } });
  });

  it('blank lines are counted as blank, and every line of a mixed file is in one place', async () => {
    // 1 header, blank 2 and 5, clean 3, duplicate 4 (excluded), blank 6, quarantined 7 (bad quantity), clean 8 without a line break.
    const text = [HEADER, '', dataLine(0), dataLine(0), '', '\r', line({ invoice: '536999', quantity: 'six' }), dataLine(1)].join('\n');
    const day = await cleanTwice(text);
    expect(day.report).toMatchObject({
      rowsIn: 4,
      linesIn: 8,
      lines: { header: 1, blank: 3, clean: 2, excluded: 1, quarantined: 1 },
      reconciled: true,
    });
  });

  it('a file with CR-only line breaks (classic Mac) cleans like the same file with LF', async () => {
    const lf = [HEADER, dataLine(0), dataLine(1), dataLine(2)].join('\n') + '\n';
    const cr = await cleanTwice(lf.replaceAll('\n', '\r'));
    const expected = cleanBuffer(Buffer.from(lf), 'day.csv');
    expect(rowsOf(cr.items)).toEqual(rowsOf(expected.items));
    expect(cr.report).toEqual(expected.report);
    expect(cr.report).toMatchObject({ clean: 3, linesIn: 4 });
  });

  it('reconciles one real day: as many lines as the file has line breaks', async () => {
    const bytes = fs.readFileSync(DAY);
    const breaks = lineBreaks(DAY);
    expect(bytes[bytes.length - 1]).toBe(0x0a);
    const day = cleanBuffer(bytes, DAY);
    const { clean, excluded, quarantined } = day.report.lines;
    expect(day.report.linesIn).toBe(breaks);
    expect(day.report.lines.header).toBe(1);
    expect(day.report.lines.blank).toBe(0);
    expect(clean + excluded + quarantined).toBe(breaks - 1);
    const streamed = await cleanRows(readCsv(fs.createReadStream(DAY, { highWaterMark: 4096 }), { source: DAY }));
    expect(streamed.report).toEqual(day.report);
    const next = path.join(BY_DAY, '2010-12-02.csv');
    expect(mergePartitions([day, cleanBuffer(fs.readFileSync(next), next)]).report).toMatchObject({ linesIn: breaks + lineBreaks(next), reconciled: true });
  });

  it('rows alone (no reader count) are checked by their positions: a line claimed twice does not reconcile', async () => {
    const header = HEADER.split(',');
    const row = (n: number, lines: number, i: number) => ({ kind: 'record' as const, source: 'x.csv', line: n, lines, header, fields: dataLine(i).split(',') });
    const ok = await cleanRows([row(2, 2, 0), row(5, 1, 1)]);
    expect(ok.report).toMatchObject({ linesIn: 5, lines: { header: 1, blank: 1, clean: 3 } });
    await expect(cleanRows([row(2, 2, 0), row(3, 1, 1)])).rejects.toThrow(ReconciliationError);
    await expect(cleanRows([row(2, 2, 0), row(3, 1, 1)])).rejects.toThrow(/lines in 3 ≠ header 1 \+ blank 0 \+ lines of clean 3/);
  });
});

describe('compressed local files', () => {
  it('a .csv.gz file cleans like the plain file', () => {
    const text = [HEADER, dataLine(0), dataLine(1)].join('\n') + '\n';
    const gz = cleanBuffer(gzipSync(text), 'day.csv.gz');
    expect(rowsOf(gz.items)).toEqual(rowsOf(cleanBuffer(Buffer.from(text), 'day.csv.gz').items));
  });

  it('a gzip bomb stops at maxDecompressedBytes with one clear error, and broken gzip is named', () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x41)); // 64 MiB of 'A' in about 64 KiB
    expect(() => cleanBuffer(bomb, 'bomb.csv.gz', { maxDecompressedBytes: 1024 * 1024 })).toThrow(
      'bomb.csv.gz: decompresses to more than 1,048,576 bytes (maxDecompressedBytes)',
    );
    const broken = Buffer.concat([gzipSync('a,b\n').subarray(0, 10), Buffer.from('not deflate')]);
    expect(() => cleanBuffer(broken, 'broken.csv.gz')).toThrow(/^broken\.csv\.gz: starts like gzip but cannot be decompressed/);
  });
});

describe('byte order marks', () => {
  it('a UTF-8 byte order mark is not part of the first column name, on both paths', async () => {
    const text = [HEADER, dataLine(0)].join('\r\n') + '\r\n';
    const day = await cleanTwice(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(day.report).toMatchObject({ clean: 1, linesIn: 2, lines: { header: 1, clean: 1 } });
  });
});

describe('UTF-16 files', () => {
  it('are one error saying so and naming the file, on both paths', async () => {
    const text = [HEADER, dataLine(0)].join('\r\n') + '\r\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(() => cleanBuffer(utf16, 'export.csv')).toThrow(/^export\.csv: the file is UTF-16LE text .*Convert it to UTF-8/);
    await expect(cleanRows(readCsv([utf16], { source: 'export.csv' }))).rejects.toThrow(/^export\.csv: the file is UTF-16LE text/);
  });
});
