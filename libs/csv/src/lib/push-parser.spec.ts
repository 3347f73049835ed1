import { createCsvParser } from './push-parser';
import { ESCAPED, PLAIN, QUOTED, spanText } from './field-spans';
import { MAX_ERROR_TEXT, type CsvChunk, type CsvOptions } from './types';

type Out = { record: [number, string[]] } | { error: [number, string, string] } | { header: string[] };

function run(chunks: CsvChunk[], options: CsvOptions = {}): Out[] {
  const out: Out[] = [];
  const parser = createCsvParser(options, {
    onHeader: (h) => out.push({ header: h }),
    onRecord: (f, line) => out.push({ record: [line, f] }),
    onError: (line, reason, text) => out.push({ error: [line, reason, text] }),
  });
  for (const c of chunks) parser.push(c);
  parser.end();
  return out;
}

const SAMPLE =
  '\uFEFFInvoiceNo,Description,Price\r\n' +
  '536365,"HEART, WHITE",2.55\r\n' +
  '536366,"RECORD FRAME 7"" SINGLE",£1\r\n' +
  '536367,"TWO\nLINES",3\r\n' +
  '536368,PLAIN,4\r\n';

describe('createCsvParser', () => {
  it('gives the same rows wherever the input is cut into chunks', () => {
    const bytes = Buffer.from(SAMPLE, 'utf8');
    const whole = run([bytes]);
    expect(whole).toEqual([
      { header: ['InvoiceNo', 'Description', 'Price'] },
      { record: [2, ['536365', 'HEART, WHITE', '2.55']] },
      { record: [3, ['536366', 'RECORD FRAME 7" SINGLE', '£1']] },
      { record: [4, ['536367', 'TWO\nLINES', '3']] },
      { record: [6, ['536368', 'PLAIN', '4']] },
    ]);
    for (let a = 1; a < bytes.length; a += 3) {
      for (let b = a + 1; b < bytes.length; b += 7) {
        expect(run([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)])).toEqual(whole);
      }
    }
  });

  it('strips a byte order mark only at the start', () => {
    expect(run(['\uFEFFa\n1\n'])[0]).toEqual({ header: ['a'] });
  });

  it('reports records with the wrong number of fields and keeps reading', () => {
    expect(run(['a,b\n1,2,3\n4\n5,6\n'])).toEqual([
      { header: ['a', 'b'] },
      { error: [2, 'expected 2 fields, found 3', '1,2,3'] },
      { error: [3, 'expected 2 fields, found 1', '4'] },
      { record: [4, ['5', '6']] },
    ]);
  });

  it('does not check field counts without a header', () => {
    expect(run(['1,2\n3\n'], { header: false })).toEqual([{ record: [1, ['1', '2']] }, { record: [2, ['3']] }]);
  });

  it('reports only the lines holding bytes that are not UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n1,ok\n2,'), Buffer.from([0xa3, 0x35]), Buffer.from('\n3,ok\n')]);
    expect(run([bytes])).toEqual([
      { header: ['a', 'b'] },
      { record: [2, ['1', 'ok']] },
      { error: [3, 'invalid utf-8 bytes (is the input in another encoding?)', '2,\uFFFD5'] },
      { record: [4, ['3', 'ok']] },
    ]);
  });

  it('reads the same bytes as Latin-1 when asked', () => {
    const bytes = Buffer.concat([Buffer.from('a,b\n2,'), Buffer.from([0xa3, 0x35]), Buffer.from('\n')]);
    expect(run([bytes], { encoding: 'latin1' })[1]).toEqual({ record: [2, ['2', '£5']] });
  });

  it('reports a 10 MB line without buffering it and reads the lines after it', () => {
    const parser = createCsvParser(
      {},
      {
        onRecord: (f, line) => seen.push(`${line}:${f.join('|')}`),
        onError: (line, reason, text) => seen.push(`${line}:${reason}:${text.length}`),
      },
    );
    const seen: string[] = [];
    parser.push('a,b\n1,2\n3,');
    const block = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 160; i++) parser.push(block); // 10 MiB, in 64 KiB chunks
    parser.push(',\n4,5\n');
    parser.end();
    expect(seen).toEqual(['2:1|2', `3:line longer than 1 MiB:${MAX_ERROR_TEXT}`, '4:4|5']);
  });

  it('reports an over-long complete record in one chunk too', () => {
    const out = run([`a\n${'y'.repeat(2000)}\nz\n`], { maxLineBytes: 1000 });
    expect(out[1]).toEqual({ error: [2, 'line longer than 1000 bytes', 'y'.repeat(MAX_ERROR_TEXT)] });
    expect(out[2]).toEqual({ record: [3, ['z']] });
  });

  it('counts the limit in bytes, not characters', () => {
    const out = run(['a\n' + '£'.repeat(600) + '\n'], { maxLineBytes: 1000 });
    expect(out[1]).toEqual({ error: [2, 'line longer than 1000 bytes', '£'.repeat(600)] });
  });

  it('gives up on an unterminated quote at the limit and reads on from the next line', () => {
    // Without a header no line can prove the quote stray, so the byte limit ends it.
    const lines = Array.from({ length: 50 }, (_, i) => `r${i},v\n`).join('');
    const out = run(['a,b\nbad,"open\n', lines], { maxLineBytes: 100, header: false });
    expect(out[1]).toEqual({ error: [2, 'unterminated quote (no closing quote within 100 bytes)', 'bad,"open'] });
    expect(out.slice(2)).toHaveLength(50);
    expect(out[2]).toEqual({ record: [3, ['r0', 'v']] });
    expect(out[51]).toEqual({ record: [52, ['r49', 'v']] });
  });

  it('skips to the end of the line when an open quote outgrows the limit without a line break', () => {
    const out = run(['a\n"', 'y'.repeat(3000), 'z\n1\n'], { maxLineBytes: 1000 });
    expect(out.slice(1)).toEqual([
      { error: [2, 'unterminated quote (no closing quote within 1000 bytes)', '"' + 'y'.repeat(MAX_ERROR_TEXT - 1)] },
      { record: [3, ['1']] },
    ]);
  });

  it('reports an unterminated quote at the end of input', () => {
    expect(run(['a,b\n1,"never closed\n2,x\n'])).toEqual([
      { header: ['a', 'b'] },
      { error: [2, 'unterminated quote', '1,"never closed'] },
      { record: [3, ['2', 'x']] },
    ]);
  });

  it('reads nothing from empty input and only the header from a header-only file', () => {
    expect(run([])).toEqual([]);
    expect(run([''])).toEqual([]);
    expect(run(['a,b\r\n'])).toEqual([{ header: ['a', 'b'] }]);
  });

  it('reports every record when the header itself cannot be read', () => {
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from('\n1\n')]);
    expect(run([bytes])).toEqual([
      { error: [1, 'invalid utf-8 bytes (is the input in another encoding?)', '\uFFFDPNG'] },
      { error: [2, 'no header: the first line could not be read', '1'] },
    ]);
  });
});

describe('createCsvParser with onRecordSpans', () => {
  it('reports field positions instead of strings, with escapes marked', () => {
    const seen: string[] = [];
    const parser = createCsvParser(
      {},
      {
        onRecord: () => seen.push('onRecord must not be called'),
        onRecordSpans: (text, spans, line) => {
          const fields = Array.from({ length: spans.count }, (_, i) => `${spanText(text, spans, i)}/${spans.flags[i]}`);
          seen.push(`${line}:${fields.join('|')}`);
        },
        onError: () => seen.push('error'),
      },
    );
    parser.push('a,b,c\n1,"x,y","say ""hi"""\n');
    parser.end();
    expect(seen).toEqual([`2:1/${PLAIN}|x,y/${QUOTED}|say "hi"/${ESCAPED}`]);
  });
});
