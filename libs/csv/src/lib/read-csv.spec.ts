import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { readCsv, readCsvBatches } from './read-csv';
import { parseCsvRows } from './parse-csv';
import type { CsvRow } from './types';

async function all(rows: AsyncIterable<CsvRow>): Promise<CsvRow[]> {
  const out: CsvRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

describe('readCsv', () => {
  it('streams a file through a Node Readable in small chunks, with source and line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-'));
    const file = path.join(dir, 'day.csv');
    const lines = ['InvoiceNo,Description', ...Array.from({ length: 500 }, (_, i) => `${i},"desc, £${i}"`)];
    fs.writeFileSync(file, lines.join('\n') + '\n');
    try {
      const rows = await all(readCsv(fs.createReadStream(file, { highWaterMark: 97 }), { source: file }));
      expect(rows).toHaveLength(500);
      expect(rows[0]).toEqual({
        kind: 'record',
        source: file,
        line: 2,
        lines: 1,
        header: ['InvoiceNo', 'Description'],
        fields: ['0', 'desc, £0'],
      });
      expect(rows[499]).toMatchObject({ line: 501, fields: ['499', 'desc, £499'] });
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('yields errors in place of malformed lines, never dropping them', async () => {
    const rows = await all(readCsv(Readable.from([Buffer.from('a,b\n1,2\n3\n4,"x\n')]), { source: 's3://raw/x.csv' }));
    expect(rows.map((r) => (r.kind === 'record' ? r.fields.join('|') : `${r.line}:${r.reason}`))).toEqual([
      '1|2',
      '3:expected 2 fields, found 1',
      '4:unterminated quote',
    ]);
    expect(rows[1]).toMatchObject({ kind: 'error', source: 's3://raw/x.csv', text: '3' });
  });

  it('accepts sync iterables of strings and Uint8Arrays', async () => {
    const bytes = new TextEncoder().encode('a\n1\n');
    expect(await all(readCsv([bytes]))).toHaveLength(1);
    expect(await all(readCsv(['a\n', '2\n']))).toMatchObject([{ fields: ['2'], line: 2 }]);
  });

  it('shares one header array between the records of an input', async () => {
    const batches: CsvRow[][] = [];
    for await (const b of readCsvBatches(['a\n1\n', '2\n'])) batches.push(b);
    const [r1, r2] = batches.flat();
    expect(r1.kind === 'record' && r2.kind === 'record' && r1.header === r2.header).toBe(true);
  });
});

describe('parseCsvRows', () => {
  it('parses an in-memory buffer into the same rows as the stream reader', async () => {
    const text = 'a,b\n1,"x,y"\n2\n';
    expect(parseCsvRows(Buffer.from(text), { source: 'm' })).toEqual(await all(readCsv([text], { source: 'm' })));
  });
});
