import type { S3Client } from '@aws-sdk/client-s3';
import type { RawRow } from '@ecomlake/model';
import { gzipSync } from 'node:zlib';
import { collect, freshBucket, putText, testClient } from '../test-fixtures/s3';
import { InvalidGzipError, ObjectTooLargeError } from './errors';
import { openObjectStream } from './open-object-stream';
import { readObjectContent } from './read-object-content';
import { readObjectRecords } from './read-records';

const MiB = 1024 * 1024;
// 2,000 lines of 100 bytes: 200 KB of CSV that gzip shrinks to a few KB.
const LINES = Array.from({ length: 2_000 }, (_, i) => [String(i).padStart(6, '0'), 'x'.repeat(92)]);
const CSV = ['id,pad', ...LINES.map((fields) => fields.join(','))].join('\n') + '\n';

describe('compressed objects: decided by decompressed bytes, streamed, capped', () => {
  let client: S3Client;
  let bucket: string;
  const uri = (key: string) => `s3://${bucket}/${key}`;

  beforeAll(async () => {
    client = testClient();
    bucket = await freshBucket(client, 's3x-gz');
    // A small gzip bomb: 10 MB of zeros stores as about 10 KB.
    await putText(client, bucket, 'bomb.csv.gz', gzipSync(Buffer.alloc(10 * 1000 * 1000)));
    await putText(client, bucket, 'day.csv.gz', gzipSync(CSV));
    await putText(client, bucket, 'fake.csv.gz', 'id,pad\n1,not gzip at all\n');
  });
  afterAll(() => client.destroy());

  it('a gzip bomb stops at maxDecompressedBytes with an error naming the object and the cap, on both read paths', async () => {
    const whole = await openObjectStream(client, uri('bomb.csv.gz'), { maxDecompressedBytes: MiB })
      .then((object) => object.body.toArray())
      .catch((e: unknown) => e);
    const streamed = await collect(readObjectRecords(client, uri('bomb.csv.gz'), { maxDecompressedBytes: MiB })).catch((e: unknown) => e);
    for (const error of [whole, streamed]) {
      expect(error).toBeInstanceOf(ObjectTooLargeError);
      expect(error).toMatchObject({ uri: uri('bomb.csv.gz'), limitBytes: MiB });
      expect((error as Error).message).toContain(`${uri('bomb.csv.gz')} decompresses to more than ${MiB} bytes`);
    }
  });

  it('the cap counts decompressed bytes: an object just under it reads whole', async () => {
    const object = await openObjectStream(client, uri('day.csv.gz'), { maxDecompressedBytes: Buffer.byteLength(CSV) });
    expect(Buffer.concat(await object.body.toArray()).toString('utf8')).toBe(CSV);
  });

  it('readObjectContent returns a small object whole: its decompressed bytes', async () => {
    const content = await readObjectContent(client, uri('day.csv.gz'), { wholeBytes: MiB });
    expect(content.kind).toBe('whole');
    expect(content.kind === 'whole' && content.bytes.toString('utf8')).toBe(CSV);
    expect(content.object).toMatchObject({ uri: uri('day.csv.gz'), gunzip: true });
  });

  it('readObjectContent streams the rows of an object that expands past wholeBytes, however small it stores', async () => {
    const stored = gzipSync(CSV).length;
    const wholeBytes = 64 * 1024;
    expect(stored).toBeLessThan(wholeBytes); // by stored size it would have been read whole
    const content = await readObjectContent(client, uri('day.csv.gz'), { wholeBytes });
    expect(content.kind).toBe('rows');
    const rows = content.kind === 'rows' ? await collect(content.rows) : [];
    expect(rows.map((row: RawRow) => (row.kind === 'record' ? row.fields : row.reason))).toEqual(LINES);
    expect(rows.at(-1)).toMatchObject({ line: 2_001, source: uri('day.csv.gz') });
  });

  it('readObjectContent also gives a streamed object as its decompressed bytes, the chunks already read first', async () => {
    const content = await readObjectContent(client, uri('day.csv.gz'), { wholeBytes: 64 * 1024 });
    expect(content.kind).toBe('rows');
    const chunks = content.kind === 'rows' ? await collect(content.chunks) : [];
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(CSV);
  });

  it('readObjectContent on a gzip bomb: streamed, and stopped at the cap', async () => {
    const content = await readObjectContent(client, uri('bomb.csv.gz'), { wholeBytes: 64 * 1024, maxDecompressedBytes: MiB });
    expect(content.kind).toBe('rows');
    const error = content.kind === 'rows' ? await collect(content.rows).catch((e: unknown) => e) : undefined;
    expect(error).toBeInstanceOf(ObjectTooLargeError);
    // As bytes too.
    const again = await readObjectContent(client, uri('bomb.csv.gz'), { wholeBytes: 64 * 1024, maxDecompressedBytes: MiB });
    const bytesError = again.kind === 'rows' ? await collect(again.chunks).catch((e: unknown) => e) : undefined;
    expect(bytesError).toBeInstanceOf(ObjectTooLargeError);
  });

  it('bytes that are not gzip: InvalidGzipError naming the object', async () => {
    const error = await collect(readObjectRecords(client, uri('fake.csv.gz'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidGzipError);
    expect((error as Error).message).toContain(`${uri('fake.csv.gz')} is not valid gzip`);
  });
});
