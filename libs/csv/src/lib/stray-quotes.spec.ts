import { RETAIL_HEADER, retailLine, strayQuoteFile } from '../test-fixtures/retail-lines';
import { parseCsvRows } from './parse-csv';
import { createCsvParser } from './push-parser';
import type { CsvLineCounts, CsvOptions, CsvRow } from './types';

function countsOf(text: string, options: CsvOptions = {}): CsvLineCounts | undefined {
  let counts: CsvLineCounts | undefined;
  const parser = createCsvParser(options, { onRecord: () => undefined, onError: () => undefined, onEnd: (c) => (counts = c) });
  parser.push(text);
  parser.end();
  return counts;
}

const brief = (rows: CsvRow[]): string[] =>
  rows.map((r) => (r.kind === 'record' ? `${r.line}+${r.lines}:${r.fields[2]}` : `${r.line}+${r.lines}:${r.reason}`));

describe('a stray quote', () => {
  it('costs only its own line: the 1,998-line file of issue 11 keeps 1,996 records, the two bad lines become errors', () => {
    const { text, dataLines } = strayQuoteFile();
    const rows = parseCsvRows(text, { source: 'day.csv' });
    const errors = rows.filter((r) => r.kind === 'error');
    expect(errors).toEqual([
      { kind: 'error', source: 'day.csv', line: 3, lines: 1, reason: 'unterminated quote', text: retailLine(1, '"WHITE HANGING HEART T-LIGHT HOLDER') },
      { kind: 'error', source: 'day.csv', line: 1502, lines: 1, reason: 'unterminated quote', text: retailLine(1500, '"') },
    ]);
    const records = rows.filter((r) => r.kind === 'record');
    expect(records).toHaveLength(dataLines - 2);
    // Every other physical line is a record of its own, in order.
    const expectedLines = Array.from({ length: dataLines }, (_, i) => i + 2).filter((l) => l !== 3 && l !== 1502);
    expect(records.map((r) => r.line)).toEqual(expectedLines);
    expect(Math.max(...records.map((r) => (r.kind === 'record' ? r.fields[2].length : 0)))).toBe('WHITE HANGING HEART T-LIGHT HOLDER'.length);
    expect(countsOf(text)).toEqual({ lines: 1999, header: 1, blank: 0, records: 1996, errors: 2 });
  });

  it('is found wherever the input is cut into chunks', () => {
    const { text } = strayQuoteFile();
    const whole = parseCsvRows(text);
    const bytes = Buffer.from(text);
    for (const size of [1, 7, 80, 81, 4096]) {
      const rows: CsvRow[] = [];
      const parser = createCsvParser({}, {
        onRecord: (fields, line, lines) => rows.push({ kind: 'record', source: '', line, lines, header: [], fields }),
        onError: (line, reason, t, lines) => rows.push({ kind: 'error', source: '', line, lines, reason, text: t }),
      });
      for (let at = 0; at < bytes.length; at += size) parser.push(bytes.subarray(at, at + size));
      parser.end();
      expect(brief(rows)).toEqual(brief(whole));
    }
  });

  it('is told from a genuine field with line breaks, which stays one record spanning its lines', () => {
    const text = [
      RETAIL_HEADER,
      retailLine(0, '"TWO\nLINES"'),
      retailLine(1, '"SET OF 3\nRETROSPOT\nCAKE TINS"'),
      retailLine(2),
    ].join('\n');
    expect(brief(parseCsvRows(text))).toEqual(['2+2:TWO\nLINES', '4+3:SET OF 3\nRETROSPOT\nCAKE TINS', '7+1:CREAM CUPID HEARTS COAT HANGER']);
    expect(countsOf(text)).toEqual({ lines: 7, header: 1, blank: 0, records: 6, errors: 0 });
  });

  it('is not suspected when the line after the break holds the closing quote, even in the first field', () => {
    // "5363\n65",... : the next line has all 8 fields' worth of commas, but a closing quote in an unquoted field.
    const text = `${RETAIL_HEADER}\n"5363\n65",85123A,X,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom\n`;
    expect(parseCsvRows(text)).toMatchObject([{ kind: 'record', line: 2, lines: 2, fields: ['5363\n65', '85123A', 'X', '6', '2010-12-01 08:26:00', '2.55', '17850.0', 'United Kingdom'] }]);
  });

  it('is caught by the line limit when the lines after it cannot tell (no header, so no field count)', () => {
    const lines = Array.from({ length: 12 }, (_, i) => `r${i},v`);
    const rows = parseCsvRows(['x,"open', ...lines].join('\n') + '\n', { header: false, maxRecordLines: 5 });
    expect(rows[0]).toEqual({ kind: 'error', source: '', line: 1, lines: 1, reason: 'unterminated quote (no closing quote within 5 lines)', text: 'x,"open' });
    expect(rows.slice(1).map((r) => (r.kind === 'record' ? r.fields[0] : r.reason))).toEqual(lines.map((l) => l.split(',')[0]));
  });

  it('takes a field spanning exactly maxRecordLines lines as data', () => {
    const rows = parseCsvRows('a,b\n1,"x\ny\nz"\n', { maxRecordLines: 3 });
    expect(rows).toMatchObject([{ kind: 'record', line: 2, lines: 3, fields: ['1', 'x\ny\nz'] }]);
  });
});
