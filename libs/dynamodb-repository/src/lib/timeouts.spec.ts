// A DynamoDB endpoint that stalls, or answers slowly, through a real proxy on loopback: with the
// client's timeouts set, a stall fails in bounded time naming the endpoint after the retries, and a
// slow answer that keeps sending bytes is not cut.
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startFaultProxy, type FaultProxy } from '../test-fixtures/fault-proxy';
import { testDynamoDb, uniqueName } from '../test-fixtures/stack';
import { makeItems } from '../testing';
import { deleteTable, describeTable, ensureTable } from './ensure-table';
import { EndpointUnreachableError } from './errors';
import { loadItems, loadPartitions } from './load-items';
import { readPartitionHead } from './partition-records';
import { isRetryable } from './retryable';
import { send } from './send';
import { orderTableSpec } from './table-spec';

// The SDK's NodeHttpHandler settings, as the apps build them with clientTimeouts (s3-extract), small.
const TIMEOUTS = { requestHandler: { connectionTimeout: 1_000, socketTimeout: 250, requestTimeout: 5_000, throwOnRequestTimeout: true } };

const direct = new DynamoDBClient(testDynamoDb());
const table = uniqueName('timeouts');
const proxies: FaultProxy[] = [];
const clients: DynamoDBClient[] = [];

async function through(every: 'stall' | 'drip', maxAttempts: number, timeouts: object = TIMEOUTS): Promise<{ proxy: FaultProxy; client: DynamoDBClient }> {
  const proxy = await startFaultProxy(testDynamoDb().endpoint, {}, 1, { every, drip: { bytes: 8, everyMs: 40 } });
  const client = new DynamoDBClient({ ...testDynamoDb(), endpoint: proxy.endpoint, ...timeouts, maxAttempts });
  proxies.push(proxy);
  clients.push(client);
  return { proxy, client };
}

beforeAll(async () => {
  await ensureTable(direct, orderTableSpec(table), { pollMs: 50 });
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const proxy of proxies.splice(0)) await proxy.close();
});
afterAll(async () => {
  await deleteTable(direct, table, { pollMs: 50 });
  direct.destroy();
});

describe('a DynamoDB endpoint that stalls', () => {
  it('a request fails once the SDK has retried its timeout, as EndpointUnreachableError naming the endpoint', async () => {
    const { proxy, client } = await through('stall', 2);
    const error = await describeTable(client, table).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointUnreachableError);
    expect((error as EndpointUnreachableError).endpoint).toContain(proxy.endpoint);
    expect((error as Error).message).toContain(proxy.endpoint);
    expect(((error as Error).cause as Error).name).toBe('TimeoutError');
    expect((error as EndpointUnreachableError).reason).toBe('timeout');
    expect((error as Error).message).toContain('stopped answering');
    expect(isRetryable(error)).toBe(true);
    expect(proxy.stats.requests).toBe(2); // the SDK's maxAttempts
  });

  it("the loader's own retries fire on the timeout, then the load stops naming the endpoint", async () => {
    const { proxy, client } = await through('stall', 1);
    const items = makeItems(25, { seed: 5, days: 1 });
    // maxAttempts 10 for throttling and 5xx; a silent endpoint stops the load after 3 sends.
    const error = await loadItems(client, table, items, { catalog: false, maxAttempts: 10, backoff: { baseDelayMs: 1, maxDelayMs: 5 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointUnreachableError);
    expect((error as Error).message).toContain(proxy.endpoint);
    expect(proxy.stats.requests).toBe(3); // one BatchWriteItem, sent three times by the loader
  });

  it("counts the SDK's own retries as the library's attempts: one policy bounds the requests sent", async () => {
    // The SDK tries each send 3 times; the library allows 3 requests in all, not 3 sends of 3.
    const { proxy, client } = await through('stall', 3);
    const error = await readPartitionHead(client, table, 'day.csv', { maxAttempts: 3, backoff: { baseDelayMs: 1, maxDelayMs: 5 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointUnreachableError);
    expect(proxy.stats.requests).toBe(3);
  });

  it('a head read fails within the time budget its caller gives, even with no client timeout at all', async () => {
    // No timeouts on the client: only the budget can end the wait (before, 10 tries × 3 SDK attempts, each for ever).
    const { proxy, client } = await through('stall', 3, {});
    const error = await readPartitionHead(client, table, 'day.csv', { budgetMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointUnreachableError);
    expect((error as EndpointUnreachableError).reason).toBe('timeout');
    expect((error as Error).message).toContain(proxy.endpoint);
    expect(String(((error as Error).cause as Error).message)).toContain('time budget');
    expect(proxy.stats.requests).toBe(1); // cut in flight, and no retry once the budget is spent
  });

  it('a load with a time budget stops at it on a stalled endpoint, naming the endpoint', async () => {
    const { proxy, client } = await through('stall', 3, {});
    const partition = { id: 'stalled.csv', identity: 'v1', items: makeItems(30, { seed: 6, days: 1 }) };
    const error = await loadPartitions(client, table, [partition], { catalog: false, budgetMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EndpointUnreachableError);
    expect((error as Error).message).toContain(proxy.endpoint);
    expect(proxy.stats.requests).toBe(1); // the head read, cut at the budget
  });
});

it('a slow answer is not cut while bytes keep coming', async () => {
  const key = { InvoiceNo: { S: 'T-1' }, StockCode: { S: 'DRIP' } };
  const item = { ...key, Description: { S: 'a slow but alive server' }, Quantity: { N: '3' } };
  await direct.send(new PutItemCommand({ TableName: table, Item: item }));
  // 8 bytes every 40 ms: the answer takes several idle timeouts (250 ms) in all, never one between bytes.
  const { proxy, client } = await through('drip', 2);
  const output = await send(client, table, (abortSignal) => client.send(new GetItemCommand({ TableName: table, Key: key }), { abortSignal }));
  expect(output.Item).toEqual(item);
  expect(proxy.stats.requests).toBe(1); // no retry
});
