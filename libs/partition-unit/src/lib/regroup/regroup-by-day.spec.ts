// Inputs cut mid-invoice (`split -l`, only the first chunk with the header), regrouped into one
// object per invoice day on the embedded stack's real S3, then cleaned by the partition unit.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync } from 'node:zlib';
import * as path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { cleanBuffer, cleanFile, MissingColumnError, orderItems } from '@ecomlake/cleaning';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { ensureBucket, listObjects, uploadFiles, type ObjectInfo } from '@ecomlake/s3-extract';
import { partitionId } from '../identity';
import { checkPartitionsDisjoint, planPartition } from '../plan-run';
import { runPartition } from '../run-partition';
import type { RawObject } from '../types';
import { regroupByDay, RegroupInputError, type RegroupResult } from './regroup-by-day';

jest.setTimeout(120_000);
const REAL = path.resolve(__dirname, '../../../../../../shared/data/online-retail/by-day');
// Out of calendar order, so regrouping has to move lines, not just cut at file ends.
const DAYS = ['2011-12-09.csv', '2010-12-01.csv', '2010-12-02.csv'];
const CHUNK_LINES = 1500;

const s3 = new S3Client(testStack().s3);
/** PUTs this client sent (single or multipart), by key: what a rerun must not do. */
const puts: string[] = [];
s3.middlewareStack.add(
  (next, context) => async (args) => {
    if (context.commandName === 'PutObjectCommand' || context.commandName === 'CreateMultipartUploadCommand') puts.push((args.input as { Key: string }).Key);
    return next(args);
  },
  { step: 'initialize', name: 'countPuts' },
);
/** Local folders the tests wrote their inputs to, removed at the end. */
const dirs: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  s3.destroy();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const original = (day: string): Buffer => readFileSync(path.join(REAL, day));

/** The three days as one export, cut every `CHUNK_LINES` lines like `split -l`: only `xaa` has the header. */
function splitExport(): Map<string, string> {
  const [header, ...rows] = DAYS.flatMap((day, i) => original(day).toString('utf8').trimEnd().split('\n').slice(i === 0 ? 0 : 1));
  const lines = [header, ...rows];
  const chunks = new Map<string, string>();
  for (let at = 0, n = 0; at < lines.length; at += CHUNK_LINES, n++) {
    chunks.set(`xa${String.fromCharCode(97 + n)}`, lines.slice(at, at + CHUNK_LINES).join('\n') + '\n');
  }
  return chunks;
}

async function upload(bucket: string, prefix: string, chunks: Map<string, string>): Promise<ObjectInfo[]> {
  const dir = tempDir('regroup-in-');
  for (const [name, text] of chunks) writeFileSync(path.join(dir, name), text, 'latin1');
  await uploadFiles(s3, dir, `s3://${bucket}/${prefix}`, { removeOthers: true });
  const objects: ObjectInfo[] = [];
  for await (const object of listObjects(s3, `s3://${bucket}/${prefix}`)) objects.push(object);
  return objects;
}

async function body(object: RawObject): Promise<Buffer> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key }));
  return Buffer.from(await (answer.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

function lf(text: Buffer | string): number {
  return (typeof text === 'string' ? text : text.toString('latin1')).split('\n').length - 1;
}

const sortedItems = (bytes: Buffer | string, source: string) =>
  [...orderItems(cleanBuffer(bytes, source).items)].sort((a, b) => (a.invoiceNo + a.stockCode < b.invoiceNo + b.stockCode ? -1 : 1));

describe('regroupByDay', () => {
  const bucket = uniqueName('regroup');
  const targetUri = `s3://${bucket}/regrouped/export/`;
  let chunks: Map<string, string>;
  let objects: ObjectInfo[];
  let first: RegroupResult;

  beforeAll(async () => {
    await ensureBucket(s3, bucket);
    chunks = splitExport();
    objects = await upload(bucket, 'raw/export/', chunks);
    first = await regroupByDay(s3, objects, { targetUri });
  });

  it('turns a split -l export cut mid-invoice into one object per day that cleans as the original days', async () => {
    // The input really is cut inside invoices, and the partition unit cannot take its chunks as they are.
    const invoicesOf = (text: string) => new Set(text.trimEnd().split('\n').map((line) => line.split(',')[0]));
    const [xaa, xab] = [invoicesOf(chunks.get('xaa') as string), invoicesOf(chunks.get('xab') as string)];
    expect([...xab].some((invoice) => xaa.has(invoice))).toBe(true);
    await expect(planPartition({ object: objects[1], id: 'xab' }, { s3 })).rejects.toThrow(MissingColumnError);

    expect(first.objects.map((o) => o.key)).toEqual(['regrouped/export/2010-12-01.csv', 'regrouped/export/2010-12-02.csv', 'regrouped/export/2011-12-09.csv']);
    // Header + the day's lines in input order: byte for byte the original day files.
    for (const object of first.objects) expect((await body(object)).equals(original(path.basename(object.key)))).toBe(true);

    const results = await Promise.all(first.objects.map((object) => runPartition({ object, id: partitionId(object.key, 'regrouped/export/') }, { s3 })));
    expect(() => checkPartitionsDisjoint(results)).not.toThrow();
    const originals = await Promise.all([...DAYS].sort().map((day) => cleanFile(path.join(REAL, day))));
    expect(results.reduce((n, r) => n + r.report.rowsIn, 0)).toBe(originals.reduce((n, p) => n + p.report.rowsIn, 0));
    for (const [i, result] of results.entries()) {
      const { rowsIn, clean, excluded, quarantined, cleanRevenue, items } = originals[i].report;
      expect(result.report).toMatchObject({ rowsIn, clean, excluded, quarantined, cleanRevenue, items });
      expect(result.invoices).toEqual([...new Set(Array.from(originals[i].items.array('invoiceNo') as ArrayLike<string>))].sort());
      // Every field of every item, sorted: the regrouped object against the original day.
      expect(sortedItems(await body(first.objects[i]), 'regrouped')).toEqual(sortedItems(original([...DAYS].sort()[i]), 'regrouped'));
    }
    expect(first.figures).toMatchObject({ files: chunks.size, headerLines: 1, blankLines: 0, days: 3, unassigned: 0, written: 3, removed: 0 });
  });

  it('rewrites nothing on a rerun, and only the day a changed chunk touches', async () => {
    puts.length = 0;
    const again = await regroupByDay(s3, objects, { targetUri });
    expect(again.objects).toEqual(first.objects);
    expect(again.figures.written).toBe(0);
    expect(puts).toEqual([]);

    // One description of 2010-12-01 changes in the middle chunk.
    const edited = new Map(chunks);
    const text = edited.get('xab') as string;
    const line = text.split('\n').find((l) => l.includes(',2010-12-01 ')) as string;
    edited.set('xab', text.replace(line, line.replace(/^([^,]*,[^,]*,)/, '$1EDITED ')));
    const changed = await upload(bucket, 'raw/export/', edited);
    puts.length = 0;
    const after = await regroupByDay(s3, changed, { targetUri });
    const etags = (r: RegroupResult) => Object.fromEntries(r.objects.map((o) => [path.basename(o.key), o.etag]));
    expect(etags(after)['2010-12-01.csv']).not.toBe(etags(first)['2010-12-01.csv']);
    expect({ ...etags(after), '2010-12-01.csv': '' }).toEqual({ ...etags(first), '2010-12-01.csv': '' });
    expect(puts).toEqual(['regrouped/export/2010-12-01.csv']);
    expect(after.figures.written).toBe(1);
    await upload(bucket, 'raw/export/', chunks);
  });

  it('sends lines no day can be given to unassigned.csv, where the partition unit quarantines them; an invoice stays whole', async () => {
    const bad = new Map(chunks);
    const extra = [
      '999001,22111,BAD DATE,1,2010-13-45 10:00:00,1.00,17850.0,United Kingdom', // a new invoice whose first date cannot be read
      ',22112,NO INVOICE,1,2010-12-01 10:00:00,1.00,17850.0,United Kingdom',
      '999002,22113,ONE FIELD TOO MANY,1,2010-12-01 10:00:00,1.00,17850.0,United Kingdom,extra',
      '999001,22114,SAME INVOICE LATER,1,2010-12-02 10:00:00,1.00,17850.0,United Kingdom', // 999001's day: its first readable date
      '536365,22115,LATE LINE,1,2011-12-09 10:00:00,1.00,17850.0,United Kingdom', // invoice 536365 is of 2010-12-01: it stays there
    ];
    bad.set('xaz', extra.join('\n') + '\n');
    const input = await upload(bucket, 'raw/bad/', bad);
    const result = await regroupByDay(s3, input, { targetUri: `s3://${bucket}/regrouped/bad/` });
    expect(result.objects.map((o) => path.basename(o.key))).toEqual(['2010-12-01.csv', '2010-12-02.csv', '2011-12-09.csv', 'unassigned.csv']);
    expect(result.figures).toMatchObject({ days: 3, unassigned: 3 });
    const [dec1, dec2, , unassigned] = result.objects;
    expect((await body(unassigned)).toString()).toBe([original('2010-12-01.csv').toString().split('\n')[0], ...extra.slice(0, 3)].join('\n') + '\n');
    expect((await body(dec1)).toString().endsWith(`${extra[4]}\n`)).toBe(true);
    expect((await body(dec2)).toString().endsWith(`${extra[3]}\n`)).toBe(true);

    const quarantine = await runPartition({ object: unassigned, id: 'unassigned.csv' }, { s3 });
    expect(quarantine.report).toMatchObject({ rowsIn: 3, quarantined: 3, clean: 0 });
    const reasons = quarantine.report.rules.flatMap((rule) => rule.samples.map((s) => s.reason)).sort();
    expect(reasons).toEqual(['expected 8 fields, found 9', expect.stringMatching(/^invoiceDate "2010-13-45 10:00:00" is not a valid date/), 'missing invoiceNo']);
    const days = await Promise.all(result.objects.map((object) => runPartition({ object, id: path.basename(object.key) }, { s3 })));
    expect(() => checkPartitionsDisjoint(days)).not.toThrow();
  });

  it('refuses a later file with another header, naming it, and writes nothing', async () => {
    const other = new Map(chunks);
    other.set('xac', 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Channel\n' + chunks.get('xac'));
    const input = await upload(bucket, 'raw/other-header/', other);
    const target = `s3://${bucket}/regrouped/other-header/`;
    const failure = regroupByDay(s3, input, { targetUri: target });
    await expect(failure).rejects.toThrow(RegroupInputError);
    await expect(failure).rejects.toMatchObject({ code: 'partition-unit.regroupInput', problem: 'header' });
    await expect(failure).rejects.toThrow(`s3://${bucket}/raw/other-header/xac: its header (InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Channel) differs from the first file's`);
    const written: string[] = [];
    for await (const object of listObjects(s3, target)) written.push(object.key);
    expect(written).toEqual([]);
  });

  it('reads Latin-1 with month-first dates (the Kaggle copy) byte for byte, under a first file that is only a header', async () => {
    const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
    const lines = ['536365,85123A,CAF\xc9 MUG,6,12/1/2010 8:26,2.55,17850.0,United Kingdom', '536366,22633,HAND WARMER,6,12/2/2010 8:28,1.85,17850.0,United Kingdom'];
    const input = await upload(bucket, 'raw/latin1/', new Map([['xaa', header], ['xab', lines.join('\n')]])); // neither ends with a line break
    const result = await regroupByDay(s3, input, { targetUri: `s3://${bucket}/regrouped/latin1/`, encoding: 'latin1', dateFormat: 'mdy' });
    expect(result.objects.map((o) => path.basename(o.key))).toEqual(['2010-12-01.csv', '2010-12-02.csv']);
    const bytes = await Promise.all(result.objects.map(body));
    expect(bytes.map((b) => b.toString('latin1'))).toEqual([`${header}\n${lines[0]}\n`, `${header}\n${lines[1]}\n`]);
    const clean = { encoding: 'latin1', dateFormat: 'mdy' } as const;
    const [dec1] = await Promise.all(result.objects.map((object) => runPartition({ object, id: path.basename(object.key) }, { s3, clean })));
    expect(dec1.report).toMatchObject({ rowsIn: 1, clean: 1 });
    expect([...orderItems(cleanBuffer(bytes[0], 'dec1', clean).items)][0].description).toBe('CAFÉ MUG');
  });

  it('reads gzip chunks and classic Mac (CR-only) chunks as the reader does', async () => {
    const dir = tempDir('regroup-gz-');
    writeFileSync(path.join(dir, 'xaa'), chunks.get('xaa') as string);
    writeFileSync(path.join(dir, 'xab.gz'), gzipSync(chunks.get('xab') as string));
    writeFileSync(path.join(dir, 'xac'), (chunks.get('xac') as string).replace(/\n/g, '\r'));
    for (const name of ['xad', 'xae']) writeFileSync(path.join(dir, name), chunks.get(name) as string);
    await uploadFiles(s3, dir, `s3://${bucket}/raw/gz/`);
    const input: ObjectInfo[] = [];
    for await (const object of listObjects(s3, `s3://${bucket}/raw/gz/`)) input.push(object);
    const result = await regroupByDay(s3, input, { targetUri: `s3://${bucket}/regrouped/gz/` });
    // CR line ends are written as LF, which is what the reader read: the days are the originals again.
    for (const object of result.objects) expect((await body(object)).equals(original(path.basename(object.key)))).toBe(true);
    expect(result.objects).toHaveLength(3);
  });

  it('refuses a later file in UTF-16, naming it', async () => {
    const dir = tempDir('regroup-utf16-');
    writeFileSync(path.join(dir, 'xaa'), chunks.get('xaa') as string);
    writeFileSync(path.join(dir, 'xab'), Buffer.from(chunks.get('xab') as string, 'utf16le'));
    await uploadFiles(s3, dir, `s3://${bucket}/raw/utf16/`);
    const input: ObjectInfo[] = [];
    for await (const object of listObjects(s3, `s3://${bucket}/raw/utf16/`)) input.push(object);
    await expect(regroupByDay(s3, input, { targetUri: `s3://${bucket}/regrouped/utf16/` })).rejects.toThrow(
      `s3://${bucket}/raw/utf16/xab: the file is UTF-16LE text`,
    );
  });

  it('refuses a target that holds the input', async () => {
    await expect(regroupByDay(s3, objects, { targetUri: `s3://${bucket}/raw/` })).rejects.toThrow(`s3://${bucket}/raw/: holds the input object s3://${bucket}/raw/export/xaa`);
  });

  it('accounts for every physical line: headers, blank lines and the lines of the records it routed', async () => {
    // Real chunks as people meet them: one saved with CRLF, one with the header repeated under
    // another spelling, blank lines, a record whose quoted description spans two lines.
    const mixed = new Map(chunks);
    mixed.set('xab', (chunks.get('xab') as string).replace(/\n/g, '\r\n'));
    mixed.set('xac', 'Invoice No,Stock_Code,description,QUANTITY,Invoice-Date,Unit Price,Customer ID,Country\n\n' + chunks.get('xac') + '\n\n');
    mixed.set('xad', '536365,22116,"TWO\nLINES",2,2010-12-01 08:26:00,1.00,17850.0,United Kingdom\n' + chunks.get('xad'));
    const input = await upload(bucket, 'raw/mixed/', mixed);
    const result = await regroupByDay(s3, input, { targetUri: `s3://${bucket}/regrouped/mixed/` });
    const { figures } = result;

    const inputLines = [...mixed.values()].reduce((n, text) => n + lf(text), 0); // every chunk ends with a line break
    expect(figures.physicalLines).toBe(inputLines);
    expect(figures.headerLines).toBe(2);
    expect(figures.blankLines).toBe(3);
    const outputs = await Promise.all(result.objects.map(body));
    const routedLines = outputs.reduce((n, bytes) => n + lf(bytes) - 1, 0); // each object: its header line, then records
    expect(figures.physicalLines).toBe(figures.headerLines + figures.blankLines + routedLines);

    // Cleaning reads as many rows as were routed, and the two-line description whole.
    const results = await Promise.all(result.objects.map((object) => runPartition({ object, id: path.basename(object.key) }, { s3 })));
    expect(results.reduce((n, r) => n + r.report.rowsIn, 0)).toBe(figures.records);
    expect(figures.records).toBe(originalRows() + 1);
    const dec1 = sortedItems(outputs[0], 'mixed').find((item) => item.stockCode === '22116');
    expect(dec1?.description).toBe('TWO LINES');
  });
});

function originalRows(): number {
  return DAYS.reduce((n, day) => n + lf(original(day)) - 1, 0);
}
