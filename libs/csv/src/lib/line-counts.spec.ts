import { createCsvParser } from './push-parser';
import type { CsvChunk, CsvLineCounts, CsvOptions } from './types';

function countsOf(chunks: CsvChunk[], options: CsvOptions = {}): CsvLineCounts | undefined {
  let counts: CsvLineCounts | undefined;
  let calls = 0;
  const parser = createCsvParser(options, {
    onRecord: () => undefined,
    onError: () => undefined,
    onEnd: (c) => {
      calls++;
      counts = c;
    },
  });
  for (const c of chunks) parser.push(c);
  parser.end();
  expect(calls).toBe(1);
  return counts;
}

describe('line counts', () => {
  it('put every physical line in one place: header, blank, records or errors', () => {
    // 1 header; 2 blank (lines 2 and 4, one of them CRLF); records 3, 5-6 (quoted break), 9;
    // errors 7 (field count) and 8 (text after a quote); line 10 has no line break.
    const text = 'a,b\n\n1,2\r\n\r\n3,"x\ny"\n4\n"q"z,1\n5,6\n7,8';
    const expected = { lines: 10, header: 1, blank: 2, records: 5, errors: 2 };
    expect(countsOf([text])).toEqual(expected);
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++) expect(countsOf([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(expected);
  });

  it('count an over-long line once, however it is skipped', () => {
    const long = 'x'.repeat(5000);
    const expected = { lines: 4, header: 1, blank: 0, records: 2, errors: 1 };
    expect(countsOf([`a\n1\n${long}\n2\n`], { maxLineBytes: 1000 })).toEqual(expected);
    expect(countsOf(['a\n1\n', long.slice(0, 2500), long.slice(2500), '\n2\n'], { maxLineBytes: 1000 })).toEqual(expected);
    expect(countsOf(['a\n1\n"', long, '\n2\n'], { maxLineBytes: 1000, header: false })).toEqual({ lines: 4, header: 0, blank: 0, records: 3, errors: 1 });
  });

  it('count an unreadable header as an error and nothing for empty input', () => {
    expect(countsOf([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0a, 0x31, 0x0a])])).toEqual({ lines: 2, header: 0, blank: 0, records: 0, errors: 2 });
    expect(countsOf([])).toEqual({ lines: 0, header: 0, blank: 0, records: 0, errors: 0 });
  });
});
