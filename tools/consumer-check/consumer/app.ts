// The program a new user would write: copied into a project outside the workspace, compiled
// against the packed packages (skipLibCheck off) and run there on the embedded stack. It
// checks its own answers against values worked out by hand from the lines below.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { cleaningFingerprint, cleanRows, orderItems } from '@ecomlake/cleaning';
import { ensureTable, loadPartitions, orderTableSpec, type LoadPartition } from '@ecomlake/dynamodb-repository';
import { startLocalStack } from '@ecomlake/local-stack';
import type { QualitySummary } from '@ecomlake/model';
import { salesTrendSvg, toPng } from '@ecomlake/plots';
import { createQueries } from '@ecomlake/queries';
import { ensureBucket, readRecords, uploadFiles } from '@ecomlake/s3-extract';
import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

const DAYS: Record<string, string[]> = {
  '2011-12-08.csv': [
    '581400,22596,CHRISTMAS STAR WISH LIST CHALKBOARD,10,2011-12-08 09:00:00,0.39,13069.0,United Kingdom',
    '581400,22596,CHRISTMAS STAR WISH LIST CHALKBOARD,2,2011-12-08 09:05:00,0.39,13069.0,United Kingdom',
    '581401,23167,SMALL CERAMIC TOP STORAGE JAR,12,2011-12-08 10:00:00,0.69,12433.0,Norway',
    'C581402,22178,VICTORIAN GLASS HANGING T-LIGHT,-12,2011-12-08 11:00:00,1.95,14397.0,United Kingdom',
  ],
  '2011-12-09.csv': [
    '581475,22596,CHRISTMAS STAR WISH LIST CHALKBOARD,36,2011-12-09 08:39:00,0.39,13069.0,United Kingdom',
    '581475,23235,STORAGE TIN VINTAGE LEAF,12,2011-12-09 08:39:00,1.25,13069.0,United Kingdom',
    '581476,23167,SMALL CERAMIC TOP STORAGE JAR,3,2011-12-09 09:10:00,0.69,,France',
    '581477,22178,VICTORIAN GLASS HANGING T-LIGHT,0,2011-12-09 09:57:00,1.95,14397.0,United Kingdom',
    '581478,22000,TOO FEW FIELDS,1,2011-12-09 10:00:00',
  ],
};

// By hand. 12-08: 581400's two lines share a key (one item, 12 × £0.39 = £4.68), 581401 is
// 12 × £0.69 = £8.28, C581402 is a cancellation: £12.96 in 2 orders, 2 items.
// 12-09: 36 × £0.39 + 12 × £1.25 + 3 × £0.69 = £31.11 in 2 orders, 3 items; 581477 has
// quantity 0 (excluded) and 581478 too few fields (quarantined).
const EXPECTED_DAYS = [
  { day: '2011-12-08', revenueMilli: 12_960, orders: 2 },
  { day: '2011-12-09', revenueMilli: 31_110, orders: 2 },
];
const EXPECTED_REPORTS: Record<string, Pick<QualitySummary, 'clean' | 'items' | 'quarantined' | 'excluded'> & { cleanRevenueMilli: number }> = {
  '2011-12-08.csv': { clean: 3, items: 2, quarantined: 0, excluded: { cancellation: 1 }, cleanRevenueMilli: 12_960 },
  '2011-12-09.csv': { clean: 3, items: 3, quarantined: 1, excluded: { non_positive_quantity: 1 }, cleanRevenueMilli: 31_110 },
};

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', 'toPng did not return a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(tmpdir(), 'ecomlake-consumer-data-'));
  const stack = await startLocalStack({ inMemory: true });
  const s3 = new S3Client(stack.s3);
  const dynamodb = new DynamoDBClient(stack.dynamodb);
  try {
    const input = path.join(work, 'by-day');
    await mkdir(input);
    for (const [name, lines] of Object.entries(DAYS)) await writeFile(path.join(input, name), `${[HEADER, ...lines].join('\n')}\n`);

    await ensureBucket(s3, 'lake');
    const upload = await uploadFiles(s3, input, 's3://lake/raw/by-day/');
    assert.deepEqual(upload.objects.map((o) => [o.key, o.status]), [
      ['raw/by-day/2011-12-08.csv', 'uploaded'],
      ['raw/by-day/2011-12-09.csv', 'uploaded'],
    ]);
    console.log(`upload: ${upload.uploaded} objects, ${upload.bytes} bytes`);

    const spec = orderTableSpec('orders');
    await ensureTable(dynamodb, spec);
    const reports: Record<string, QualitySummary> = {};
    const partitions: LoadPartition[] = upload.objects.map((object) => {
      const name = path.posix.basename(object.key);
      return {
        id: name,
        identity: `${object.etag}|${cleaningFingerprint()}`,
        // Read and cleaned only if the partition loads.
        items: async function* () {
          const day = await cleanRows(readRecords(s3, object.uri));
          reports[name] = day.report;
          yield* orderItems(day.items);
        },
      };
    });
    const load = await loadPartitions(dynamodb, spec.name, partitions);
    assert.deepEqual(load.failed, []);
    assert.equal(load.written, 5);
    for (const [name, expected] of Object.entries(EXPECTED_REPORTS)) {
      const report = reports[name];
      assert.ok(report, `${name} was not cleaned`);
      const { clean, items, quarantined, cleanRevenueMilli } = report;
      // Rules that removed nothing may be listed with 0.
      const excluded = Object.fromEntries(Object.entries(report.excluded).filter(([, count]) => count !== 0));
      assert.deepEqual({ clean, items, quarantined, excluded, cleanRevenueMilli }, expected, name);
    }
    console.log(`clean + load: ${load.written} items in ${load.partitionsDone.length} partitions`);

    const queries = createQueries(dynamodb, spec.name);
    const between = await queries.revenueBetween('2011-12-08', '2011-12-09');
    assert.deepEqual(between.data, EXPECTED_DAYS);
    const onDay = await queries.revenueOnDate('2011-12-09');
    assert.deepEqual(onDay.data, EXPECTED_DAYS[1]);
    console.log(`queries: revenueBetween ${between.data.length} days, revenueOnDate ${onDay.data.revenueMilli} milli`);

    // One process that loads its whole input asks for `prune`: the table then equals that input,
    // so a day gone from it leaves the table (its items, aggregates and records), unchanged days are skipped.
    const reloaded = await loadPartitions(dynamodb, spec.name, partitions.slice(1), { prune: true });
    assert.deepEqual({ removed: reloaded.partitionsRemoved, skipped: reloaded.partitionsSkipped, deleted: reloaded.deleted }, { removed: ['2011-12-08.csv'], skipped: ['2011-12-09.csv'], deleted: 2 });
    const afterPrune = await queries.revenueBetween('2011-12-08', '2011-12-09');
    assert.deepEqual(afterPrune.data.filter((day) => day.orders > 0), [EXPECTED_DAYS[1]]);
    console.log(`prune: ${reloaded.partitionsRemoved.length} partition gone from the input removed (${reloaded.deleted} items), ${reloaded.partitionsSkipped.length} unchanged skipped`);

    const png = await toPng(salesTrendSvg(between.data, { country: 'United Kingdom' }));
    assert.deepEqual(pngSize(png), { width: 960, height: 420 });
    console.log(`chart: ${png.length} bytes of PNG`);
  } finally {
    s3.destroy();
    dynamodb.destroy();
    await stack.stop();
    await rm(work, { recursive: true, force: true });
  }
}

main().then(
  () => console.log('consumer: all answers as expected'),
  (error: unknown) => {
    console.error(`consumer: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
