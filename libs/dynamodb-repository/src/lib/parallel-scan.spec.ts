import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { makeItems } from '../testing';
import { createCapacityMeter } from './capacity';
import { withMeter } from './meter-scope';
import { deleteTable, ensureTable } from './ensure-table';
import { TableNotFoundError } from './errors';
import { loadItems } from './load-items';
import { itemKey, decodePartial } from './marshal';
import { parallelScan, parallelScanItems, type ParallelScanPage } from './parallel-scan';
import { orderTableSpec, WITH_COUNTRY_INDEX } from './table-spec';

const client = new DynamoDBClient(testDynamoDb());
const table = uniqueName('pscan');
const items = makeItems(900, { seed: 31 });

beforeAll(async () => {
  // CountryIndex (opt-in) is what these reads page through.
  await ensureTable(client, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
  // Without the country catalog: these tests count the table's items, all of them orders.
  await loadItems(client, table, items, { catalog: false });
});
afterAll(async () => {
  await deleteTable(client, table, { pollMs: 50 });
  client.destroy();
});

const keysOf = (pages: ParallelScanPage[]) =>
  pages.flatMap((page) => page.items.map((record) => itemKey(decodePartial(record) as { invoiceNo: string; stockCode: string })));

describe('parallelScan', () => {
  it('reads every item exactly once across segments', async () => {
    const pages: ParallelScanPage[] = [];
    for await (const page of parallelScan(client, { TableName: table }, { segments: 5, pageSize: 60 })) pages.push(page);
    const keys = keysOf(pages);
    expect(keys).toHaveLength(items.length);
    expect(new Set(keys)).toEqual(new Set(items.map(itemKey)));
    expect(new Set(pages.map((page) => page.segment)).size).toBe(5);
    expect(pages.at(-1)?.position).toEqual([null, null, null, null, null]);
  });

  it('reads many segments a few at a time', async () => {
    let count = 0;
    for await (const page of parallelScan(client, { TableName: table }, { segments: 12, concurrency: 3 })) count += page.items.length;
    expect(count).toBe(items.length);
  });

  it('scans an index (smaller entries) and meters each segment', async () => {
    const meter = createCapacityMeter();
    let count = 0;
    await withMeter(meter, async () => {
      for await (const record of parallelScanItems(client, { TableName: table, IndexName: 'CountryIndex' }, { segments: 3 })) {
        count += 1;
        expect(record).not.toHaveProperty('Description');
      }
    });
    expect(count).toBe(items.length);
    expect(meter.requests).toBeGreaterThanOrEqual(3);
    expect(meter.byTarget[`${table}/CountryIndex`]).toBeGreaterThan(0);
  });

  it('resumes from a position without rereading or skipping anything', async () => {
    const seen: ParallelScanPage[] = [];
    for await (const page of parallelScan(client, { TableName: table }, { segments: 4, pageSize: 50 })) {
      seen.push(page);
      if (seen.length === 7) break;
    }
    const rest: ParallelScanPage[] = [];
    for await (const page of parallelScan(client, { TableName: table }, { segments: 4, pageSize: 50, resume: seen.at(-1)?.position })) rest.push(page);
    const keys = [...keysOf(seen), ...keysOf(rest)];
    expect(keys).toHaveLength(items.length);
    expect(new Set(keys).size).toBe(items.length);
  });

  it('does not read ahead of its consumer (backpressure)', async () => {
    const meter = createCapacityMeter();
    const scan = parallelScan(client, { TableName: table }, { segments: 3, pageSize: 10 });
    await withMeter(meter, async () => {
      await scan.next();
      await scan.next();
    });
    // Two pages taken; at most one further request per segment may be in flight.
    expect(meter.requests).toBeLessThanOrEqual(2 + 3);
    await scan.return(undefined);
  });

  it('fails on a missing table', async () => {
    const scan = parallelScanItems(client, { TableName: uniqueName('gone') }, { segments: 2 });
    await expect(scan.next()).rejects.toThrow(TableNotFoundError);
  });
});
