// Physical lines cut from bytes where the CSV reader counts them, whatever the chunking.
import { parseCsv, type CsvLineCounts } from '@ecomlake/csv';
import { createLineSplitter } from './line-splitter';

/** Feeds `input` in chunks of `size` bytes; the lines and the text the reader gets. */
function split(input: Buffer, size: number, stripBom = true): { lines: string[]; text: string } {
  const splitter = createLineSplitter({ stripBom });
  const lines: Buffer[] = [];
  const text: Buffer[] = [];
  for (let at = 0; at < input.length; at += size) {
    const piece = splitter.push(input.subarray(at, at + size));
    lines.push(...piece.lines);
    text.push(piece.text);
  }
  const last = splitter.end();
  lines.push(...last.lines);
  text.push(last.text);
  return { lines: lines.map((l) => l.toString('latin1')), text: Buffer.concat(text).toString('latin1') };
}

function readerLines(input: Buffer): number {
  let counts: CsvLineCounts | undefined;
  parseCsv(input, { encoding: 'latin1', header: false }, { onRecord: () => undefined, onError: () => undefined, onEnd: (c) => (counts = c) });
  return counts?.lines ?? -1;
}

const cases: [string, string, string[], string][] = [
  // name, input, lines, text the reader is given
  ['LF, last line without a break', 'a,b\nc,d', ['a,b\n', 'c,d'], 'a,b\nc,d'],
  ['CRLF kept as it is', 'a\r\nb\r\n', ['a\r\n', 'b\r\n'], 'a\r\nb\r\n'],
  ['CR-only (classic Mac): every CR ends a line, written as LF', 'a\rb\r\nc\rd', ['a\n', 'b\n', 'c\n', 'd'], 'a\nb\nc\nd'],
  ['a lone CR after a first LF is text', 'a\nb\rc\n', ['a\n', 'b\rc\n'], 'a\nb\rc\n'],
  ['a line break inside quotes is a physical line', 'x,"a\nb"\ny,z\n', ['x,"a\n', 'b"\n', 'y,z\n'], 'x,"a\nb"\ny,z\n'],
  ['blank lines are lines', '\n\na\n\n', ['\n', '\n', 'a\n', '\n'], '\n\na\n\n'],
  ['one line ending in CR', 'abc\r', ['abc\r'], 'abc\r'],
  ['a UTF-8 byte order mark is dropped', '\xef\xbb\xbfh\nv\n', ['h\n', 'v\n'], 'h\nv\n'],
  ['nothing', '', [], ''],
];

describe('createLineSplitter', () => {
  it.each(cases)('%s, in any chunks', (_name, input, lines, text) => {
    const bytes = Buffer.from(input, 'latin1');
    for (const size of [1, 2, 3, 1024]) {
      expect(split(bytes, size)).toEqual({ lines, text });
    }
    // The reader counts as many physical lines as the splitter cuts.
    expect(readerLines(Buffer.from(text, 'latin1'))).toBe(lines.length);
  });

  it('keeps a byte order mark when told to (Latin-1 has none)', () => {
    expect(split(Buffer.from('\xef\xbb\xbfh\n', 'latin1'), 1, false).lines).toEqual(['\xef\xbb\xbfh\n']);
  });

  it('keeps every byte of UTF-8 text whole across chunk cuts', () => {
    const input = Buffer.from('Café,Zürich\nπ,€\n', 'utf8');
    const { lines } = split(input, 1);
    expect(lines.map((l) => Buffer.from(l, 'latin1').toString('utf8'))).toEqual(['Café,Zürich\n', 'π,€\n']);
  });
});
