// The run's first pass: partitions read and cleaned, nothing written, and an invoice cut
// across two files found before the first write.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { PartitionOverlapError } from '@ecomlake/cleaning';
import { testStack, uniqueName } from '@ecomlake/local-stack';
import { ensureBucket, listObjects, uploadFiles, type ObjectInfo } from '@ecomlake/s3-extract';
import { partitionId } from './identity';
import { checkPartitionsDisjoint, planPartition } from './plan-run';

jest.setTimeout(60_000);
const REAL = path.resolve(__dirname, '../../../../../shared/data/online-retail/by-day');
const s3 = new S3Client(testStack().s3);
afterAll(() => s3.destroy());

/** A real day cut in two after `lines` data lines, each half with the header: `split -l` as users do it. */
function chunks(day: string, lines: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'plan-'));
  const [header, ...rows] = readFileSync(path.join(REAL, day), 'utf8').trimEnd().split('\n');
  writeFileSync(path.join(dir, 'part-aa.csv'), [header, ...rows.slice(0, lines)].join('\n') + '\n');
  writeFileSync(path.join(dir, 'part-ab.csv'), [header, ...rows.slice(lines)].join('\n') + '\n');
  return dir;
}

async function plans(dir: string) {
  const bucket = uniqueName('plan');
  await ensureBucket(s3, bucket);
  await uploadFiles(s3, dir, `s3://${bucket}/raw/`);
  const objects: ObjectInfo[] = [];
  for await (const object of listObjects(s3, `s3://${bucket}/raw/`)) objects.push(object);
  const planned = await Promise.all(objects.map((object) => planPartition({ object, id: partitionId(object.key, 'raw/') }, { s3 })));
  const written: string[] = [];
  for await (const object of listObjects(s3, `s3://${bucket}/`)) if (!object.key.startsWith('raw/')) written.push(object.key);
  return { bucket, planned, written };
}

describe('planPartition and checkPartitionsDisjoint', () => {
  it('finds an invoice cut across two files before anything is written, naming both files', async () => {
    // Line 100 of 2010-12-01 is inside an invoice: both halves hold some of its lines.
    const { bucket, planned, written } = await plans(chunks('2010-12-01.csv', 100));
    expect(written).toEqual([]);
    const shared = planned[0].invoices.filter((invoice) => planned[1].invoices.includes(invoice));
    expect(shared.length).toBeGreaterThan(0);
    expect(() => checkPartitionsDisjoint(planned)).toThrow(PartitionOverlapError);
    expect(() => checkPartitionsDisjoint(planned)).toThrow(`Invoice ${shared[0]} appears in two partitions (s3://${bucket}/raw/part-aa.csv and s3://${bucket}/raw/part-ab.csv)`);
  });

  it('accepts files that hold whole invoices', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'plan-days-'));
    for (const day of ['2010-12-01.csv', '2010-12-02.csv']) writeFileSync(path.join(dir, day), readFileSync(path.join(REAL, day)));
    const { planned } = await plans(dir);
    expect(planned.map((plan) => plan.id).sort()).toEqual(['2010-12-01.csv', '2010-12-02.csv']);
    expect(() => checkPartitionsDisjoint(planned)).not.toThrow();
  });

  it('refuses an id given twice', () => {
    const plan = { id: 'a.csv', source: 's3://b/raw/a.csv', invoices: ['1'] };
    expect(() => checkPartitionsDisjoint([plan, { ...plan, source: 's3://b/other/a.csv', invoices: ['2'] }])).toThrow(/given twice/);
  });
});
