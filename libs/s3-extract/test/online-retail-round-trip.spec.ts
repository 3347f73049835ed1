// The real dataset through the embedded S3: upload all 305 daily files, stream every record
// back, and check that the bytes read back are the files' bytes.
import type { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { collect, freshBucket, testClient } from '../src/test-fixtures/s3';
import { mapConcurrent } from '@ecomlake/util';
import { listObjects } from '../src/lib/list-objects';
import { openObjectStream } from '../src/lib/open-object-stream';
import { readRecords } from '../src/lib/read-records';
import { uploadFiles } from '../src/lib/upload-files';

const WORKSPACE = resolve(__dirname, '../../..');
const DATA = resolve(WORKSPACE, '../shared/data/online-retail/by-day');

describe('the Online Retail dataset through S3', () => {
  let client: S3Client;
  let bucket: string;

  beforeAll(async () => {
    if (!existsSync(DATA)) throw new Error(`The real dataset is missing at ${DATA}: this test needs the 305 daily CSVs there.`);
    client = testClient();
    bucket = await freshBucket(client, 'retail');
  });
  afterAll(() => client?.destroy());

  it('uploads 305 files, streams back 541,909 records without an error row, and the bytes match', async () => {
    const upload = await uploadFiles(client, DATA, `s3://${bucket}/by-day/`);
    expect(upload).toMatchObject({ uploaded: 305, skipped: 0 });

    let records = 0;
    let errors = 0;
    const sources = new Set<string>();
    for await (const row of readRecords(client, `s3://${bucket}/by-day/`)) {
      if (row.kind === 'record') records += 1;
      else errors += 1;
      sources.add(row.source);
    }
    expect({ records, errors, objects: sources.size }).toEqual({ records: 541_909, errors: 0, objects: 305 });

    const objects = await collect(listObjects(client, `s3://${bucket}/by-day/`));
    const mismatched: string[] = [];
    await mapConcurrent(objects, 4, async (object) => {
      const stream = await openObjectStream(client, object.uri);
      const streamed = createHash('sha256');
      for await (const chunk of stream.body) streamed.update(chunk as Buffer);
      const local = createHash('sha256').update(await readFile(join(DATA, object.key.slice('by-day/'.length))));
      if (streamed.digest('hex') !== local.digest('hex')) mismatched.push(object.key);
    });
    expect(objects).toHaveLength(305);
    expect(mismatched).toEqual([]);
  }, 180_000);
});
