import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startFaultProxy, type FaultProxy } from '../test-fixtures/fault-proxy';
import { makeItems } from '../testing';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { byKey, readAll, totalMilli } from '../test-fixtures/table';
import { deleteTable, ensureTable } from './ensure-table';
import { loadItems, type LoadProgress } from './load-items';
import { orderTableSpec } from './table-spec';

// 27% of BatchWriteItem requests disturbed, of every kind the issue names.
const RATES = { throttle: 0.05, throttling: 0.04, 'server-error': 0.05, drop: 0.03, 'drop-after-write': 0.03, partial: 0.07 } as const;

const direct = new DynamoDBClient(testDynamoDb());
const table = uniqueName('faults');
let proxy: FaultProxy;
let throughProxy: DynamoDBClient;

beforeAll(async () => {
  await ensureTable(direct, orderTableSpec(table), { pollMs: 50 });
  proxy = await startFaultProxy(testDynamoDb().endpoint, RATES, 7);
  // maxAttempts 1: the loader's own retries, backoff and AIMD are what is under test.
  throughProxy = new DynamoDBClient({ ...testDynamoDb(), endpoint: proxy.endpoint, maxAttempts: 1 });
});
afterAll(async () => {
  throughProxy.destroy();
  await proxy.close();
  await deleteTable(direct, table, { pollMs: 50 });
  direct.destroy();
});

describe('loading through injected faults', () => {
  it('ends with exactly the expected table: 50,000 items, every amount once', async () => {
    const items = makeItems(50_000, { seed: 99, days: 60 });
    let lowestConcurrency = Infinity;
    const result = await loadItems(throughProxy, table, items, {
      concurrency: 8,
      backoff: { baseDelayMs: 2, maxDelayMs: 100 },
      maxAttempts: 20,
      onProgress: (progress: LoadProgress) => (lowestConcurrency = Math.min(lowestConcurrency, progress.concurrency)),
    });

    expect(proxy.stats.disturbed / proxy.stats.batchWrites).toBeGreaterThanOrEqual(0.2);
    for (const count of Object.values(proxy.stats.byFault)) expect(count).toBeGreaterThan(0);
    expect(proxy.stats.requestsWithDuplicateKeys).toBe(0);

    expect(result.failed).toEqual([]);
    expect(result.written).toBe(50_000);
    expect(result.retried).toBeGreaterThan(0);
    expect(lowestConcurrency).toBeLessThan(8);

    const stored = await readAll(direct, table);
    expect(stored).toHaveLength(50_000);
    expect(totalMilli(stored)).toBe(totalMilli(items));
    expect(stored).toEqual([...items].sort(byKey));
  });
});
