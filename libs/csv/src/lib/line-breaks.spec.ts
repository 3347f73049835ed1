import { parseCsvRows } from './parse-csv';
import { createCsvParser } from './push-parser';
import type { CsvLineCounts } from './types';

const fields = (text: string | Buffer): (string | number)[][] =>
  parseCsvRows(text).map((r) => (r.kind === 'record' ? [r.line, ...r.fields] : [r.line, r.reason]));

describe('line breaks', () => {
  it('reads a file with CR-only line breaks (classic Mac) like the same file with LF', () => {
    const lf = 'Country,Qty\nUnited Kingdom,6\n"Channel\nIslands",2\nFrance,1\n';
    const cr = lf.replaceAll('\n', '\r');
    expect(fields(cr)).toEqual([
      [2, 'United Kingdom', '6'],
      [3, 'Channel\nIslands', '2'],
      [5, 'France', '1'],
    ]);
    expect(fields(cr)).toEqual(fields(lf));
    const bytes = Buffer.from(cr);
    for (let cut = 1; cut < bytes.length; cut++) {
      const out: string[] = [];
      let counts: CsvLineCounts | undefined;
      const parser = createCsvParser({}, { onRecord: (f, line) => out.push(`${line}:${f.join('|')}`), onError: (l, r) => out.push(r), onEnd: (c) => (counts = c) });
      parser.push(bytes.subarray(0, cut));
      parser.push(bytes.subarray(cut));
      parser.end();
      expect(out).toEqual(['2:United Kingdom|6', '3:Channel\nIslands|2', '5:France|1']);
      expect(counts).toEqual({ lines: 5, header: 1, blank: 0, records: 4, errors: 0 });
    }
  });

  it('keeps a lone CR as text in a file whose lines end in LF or CRLF', () => {
    expect(fields('a,b\n1,x\ry\n')).toEqual([[2, '1', 'x\ry']]);
    expect(fields('a,b\r\n1,x\ry\r\n2,z\r\n')).toEqual([
      [2, '1', 'x\ry'],
      [3, '2', 'z'],
    ]);
  });

  it('reads a single line ending in CR', () => {
    expect(parseCsvRows('a,b\r', { header: false })).toMatchObject([{ fields: ['a', 'b'], lines: 1 }]);
  });
});
