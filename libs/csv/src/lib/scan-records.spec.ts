import { createFieldSpans, spanFields } from './field-spans';
import { scanRecords, type ScanSink } from './scan-records';

interface Seen {
  records: { line: number; fields: string[] }[];
  errors: { line: number; reason: string; text: string }[];
}

function scan(text: string, final = true) {
  const seen: Seen = { records: [], errors: [] };
  const sink: ScanSink = {
    record: (spans, line) => seen.records.push({ line, fields: spanFields(text, spans) }),
    error: (line, reason, start, end) => seen.errors.push({ line, reason, text: text.slice(start, end) }),
  };
  return { ...seen, outcome: scanRecords(text, final, 1, createFieldSpans(2), sink) };
}

describe('scanRecords', () => {
  it('splits plain records on commas and line breaks', () => {
    expect(scan('a,b,c\n1,2,3\n').records).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
  });

  it('reads quoted commas, "" escapes and empty fields', () => {
    expect(scan('"AIRLINE LOUNGE,METAL SIGN","7"" SINGLE",,""\n').records[0].fields).toEqual([
      'AIRLINE LOUNGE,METAL SIGN',
      '7" SINGLE',
      '',
      '',
    ]);
  });

  it('keeps line breaks inside quotes and numbers records by the line they start on', () => {
    const { records } = scan('h1,h2\n"multi\nline\r\nvalue",x\nlast,y\n');
    expect(records).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['multi\nline\r\nvalue', 'x'] },
      { line: 5, fields: ['last', 'y'] },
    ]);
  });

  it('handles CRLF line breaks and a last line without a break', () => {
    expect(scan('a,b\r\n"q",c\r\nd,e').records.map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['q', 'c'],
      ['d', 'e'],
    ]);
  });

  it('skips blank lines but counts them for line numbers', () => {
    expect(scan('a\n\n\r\nb\n').records).toEqual([
      { line: 1, fields: ['a'] },
      { line: 4, fields: ['b'] },
    ]);
  });

  it('leaves an incomplete record unconsumed unless the input is final', () => {
    const partial = scan('a,b\nc,"open\nstill', false);
    expect(partial.records).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    expect(partial.outcome).toEqual({ consumed: 4, line: 2, openQuote: true, blank: 0 });
    expect(scan('a,b\nc,d', false).outcome).toEqual({ consumed: 4, line: 2, openQuote: false, blank: 0 });
    expect(scan('a,"b"', false).outcome.consumed).toBe(0);
  });

  it('reports an unterminated quote at the end of input and reads on from the next line', () => {
    const { records, errors } = scan('a,"broken\nb,c\n');
    expect(errors).toEqual([{ line: 1, reason: 'unterminated quote', text: 'a,"broken' }]);
    expect(records).toEqual([{ line: 2, fields: ['b', 'c'] }]);
  });

  it('reports text after a closing quote and reads on from the next line', () => {
    const { records, errors } = scan('"a"x,b\nc,d\n');
    expect(errors).toEqual([{ line: 1, reason: 'unexpected text after a closing quote', text: '"a"x,b' }]);
    expect(records).toEqual([{ line: 2, fields: ['c', 'd'] }]);
  });

  it('treats a quote inside an unquoted field as text', () => {
    expect(scan('ab"c,d\n').records[0].fields).toEqual(['ab"c', 'd']);
  });
});
