import { Readable } from 'node:stream';
import { parseCsvRows } from './parse-csv';
import { readCsv } from './read-csv';
import { CsvEncodingError } from './utf16';

const TEXT = 'InvoiceNo,Country\n536365,United Kingdom\n';
const le = (bom: boolean): Buffer => Buffer.concat([Buffer.from(bom ? [0xff, 0xfe] : []), Buffer.from(TEXT, 'utf16le')]);
const be = (bom: boolean): Buffer => Buffer.concat([Buffer.from(bom ? [0xfe, 0xff] : []), Buffer.from(TEXT, 'utf16le').swap16()]);

describe('UTF-16 input', () => {
  it('is refused with a message naming the file, the encoding and what to do', () => {
    const cases: [Buffer, string][] = [
      [le(true), 'UTF-16LE text (it starts with a UTF-16 byte order mark)'],
      [le(false), 'UTF-16LE text, '],
      [be(true), 'UTF-16BE text (it starts with a UTF-16 byte order mark)'],
      [be(false), 'UTF-16BE text, '],
    ];
    for (const [bytes, says] of cases) {
      for (const encoding of ['utf-8', 'latin1'] as const) {
        expect(() => parseCsvRows(bytes, { source: 'export.csv', encoding })).toThrow(CsvEncodingError);
        expect(() => parseCsvRows(bytes, { source: 'export.csv', encoding })).toThrow(`export.csv: the file is ${says}`);
      }
    }
    expect(() => parseCsvRows(le(false), { source: 'export.csv' })).toThrow(/Convert it to UTF-8 and run again, e\.g\. iconv -f UTF-16LE -t UTF-8 'export\.csv'/);
  });

  it('is recognised when the bytes arrive one at a time, from a stream', async () => {
    const read = async (): Promise<void> => {
      for await (const row of readCsv(Readable.from([...le(false)].map((b) => Buffer.from([b]))), { source: 's3://raw/x.csv' })) void row;
    };
    await expect(read()).rejects.toThrow(/^s3:\/\/raw\/x\.csv: the file is UTF-16LE text/);
  });

  it('leaves UTF-8 (with or without its byte order mark), Latin-1 and tiny inputs alone', () => {
    expect(parseCsvRows(Buffer.from('\uFEFF' + TEXT))).toMatchObject([{ header: ['InvoiceNo', 'Country'], fields: ['536365', 'United Kingdom'] }]);
    expect(parseCsvRows(Buffer.from(TEXT, 'latin1'), { encoding: 'latin1' })).toHaveLength(1);
    expect(parseCsvRows(Buffer.from('a\n'))).toEqual([]);
    expect(parseCsvRows(Buffer.from('a'), { header: false })).toMatchObject([{ fields: ['a'] }]);
  });
});
