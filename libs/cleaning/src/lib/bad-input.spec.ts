import { cleanBuffer } from './clean-buffer';
import { cleanRows } from './clean-rows';
import { EmptyFileError, MissingColumnError, UnreadableHeaderError } from './errors';
import { cleanBoth, rowsOf } from '../test-fixtures/clean-both';
import { csv, HEADER, line, rawRows } from '../test-fixtures/retail-csv';

// Each kind of bad input gets quarantined rows or one clear error: never a crash, never silent loss.
describe('bad input', () => {
  it('an empty file is one clear error naming the file', () => {
    expect(() => cleanBuffer(Buffer.alloc(0), 'empty.csv')).toThrow(EmptyFileError);
    expect(() => cleanBuffer(Buffer.alloc(0), 'empty.csv')).toThrow(/empty\.csv: the file is empty/);
  });

  it('a header-only file is a partition with no rows', async () => {
    const day = await cleanBoth(`${HEADER}\r\n`);
    expect(day.report).toMatchObject({ rowsIn: 0, clean: 0, quarantined: 0, items: 0, reconciled: true });
  });

  it('bytes that are not UTF-8 quarantine only their line, with a hint to try Latin-1', async () => {
    const bytes = Buffer.concat([Buffer.from(csv(line()).replace(/\n$/, '\n') + '536366,22633,HAND WARMER '), Buffer.from([0xa3]), Buffer.from('5,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n')]);
    const day = cleanBuffer(bytes, 'kaggle.csv');
    expect(rowsOf(day.quarantine)).toEqual([
      { source: 'kaggle.csv', line: 3, reason: 'invalid utf-8 bytes (is the input in another encoding?)', text: '536366,22633,HAND WARMER \uFFFD5,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom' },
    ]);
    expect(day.report.clean).toBe(1);
    const latin1 = cleanBuffer(bytes, 'kaggle.csv', { encoding: 'latin1' });
    expect(rowsOf(latin1.lines)[1].description).toBe('HAND WARMER £5');
  });

  it('a file that is not CSV of this shape is one error naming expected and found columns', async () => {
    expect(() => cleanBuffer(Buffer.from('{"orders": [1, 2, 3]}\n'), 'orders.json')).toThrow(MissingColumnError);
    await expect(cleanRows(rawRows('<html>\n<body>Not found</body>\n</html>\n', 'page.html'))).rejects.toThrow(/page\.html: missing columns .* found "<html>"/);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    expect(() => cleanBuffer(png, 'chart.png')).toThrow(UnreadableHeaderError);
    expect(() => cleanBuffer(png, 'chart.png')).toThrow(/chart\.png: the header line could not be read \(invalid utf-8 bytes/);
  });

  it('a line with an unterminated quote is quarantined and the lines after it are read', async () => {
    const day = await cleanBoth(csv(line({ description: '"BROKEN QUOTE' }), line({ stock: '71053' })));
    expect(rowsOf(day.quarantine)).toEqual([{ source: 'day.csv', line: 2, reason: 'unterminated quote', text: line({ description: '"BROKEN QUOTE' }) }]);
    expect(day.report.clean).toBe(1);
  });

  it('a 10 MB line is quarantined, cut short, and the file goes on', async () => {
    const huge = line({ description: 'X'.repeat(10 * 1024 * 1024) });
    const day = await cleanBoth(csv(line(), huge, line({ stock: '71053' })));
    const [q] = rowsOf(day.quarantine);
    expect(q).toMatchObject({ line: 3, reason: 'line longer than 1 MiB' });
    expect((q.text as string).length).toBe(1024);
    expect(day.report).toMatchObject({ rowsIn: 3, clean: 2, quarantined: 1 });
  });

  it('NaN, Infinity and 1e400 are not numbers', async () => {
    const day = await cleanBoth(csv(line({ quantity: 'NaN' }), line({ price: 'Infinity' }), line({ price: '1e400' }), line({ quantity: '-Infinity' })));
    expect(rowsOf(day.quarantine).map((r) => r.reason)).toEqual([
      'quantity "NaN" is not a whole number',
      'unitPrice "Infinity" is not a decimal number with at most 3 decimals',
      'unitPrice "1e400" is not a decimal number with at most 3 decimals',
      'quantity "-Infinity" is not a whole number',
    ]);
  });

  it('dates that are not on the calendar, like 2/30/2011, are quarantined', async () => {
    const day = await cleanBoth(csv(line({ date: '2/28/2011 10:00' }), line({ date: '2/30/2011 10:00' })), { dateFormat: 'mdy' });
    expect(rowsOf(day.quarantine).map((r) => r.reason)).toEqual(['invoiceDate "2/30/2011 10:00" is not a valid date in format mdy (M/D/YYYY H:mm)']);
    expect(rowsOf(day.lines)[0].invoiceDate).toBe('2011-02-28T10:00:00');
  });

  it('every row of a file reaches exactly one output (reconciliation)', async () => {
    const day = await cleanBoth(csv(line(), line(), line({ invoice: 'C1' }), line({ quantity: 'x' }), 'a,b', line({ price: '0' })));
    const { rowsIn, clean, excluded, quarantined } = day.report;
    expect(rowsIn).toBe(6);
    expect(clean + Object.values(excluded).reduce((a, b) => a + (b ?? 0), 0) + quarantined).toBe(6);
    expect(day.lines.numRows() + day.excluded.numRows() + day.quarantine.numRows()).toBe(6);
  });
});
