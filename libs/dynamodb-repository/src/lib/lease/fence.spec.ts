// fenceWrites against DynamoDB Local: once the lease is lost, no write to its table leaves the
// process (every kind of write, every attempt of the SDK's retries), while reads, other
// tables and the lease's own requests pass.
import {
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import { LOOPBACK_CERT, startLeaseProxy, type LeaseProxy } from '../../test-fixtures/lease-proxy';
import { until } from '../../test-fixtures/lease-wait';
import { testDynamoDb, uniqueName } from '../../test-fixtures/stack';
import { deleteTable, ensureTable } from '../ensure-table';
import { orderTableSpec } from '../table-spec';
import { LeaseLostError } from './errors';
import { fenceWrites } from './fence';
import type { Lease } from './held-lease';
import { acquireLease, readLease } from './lease';

const direct = new DynamoDBClient(testDynamoDb());
const table = uniqueName('fence');
const other = uniqueName('fence-other');
const held: Lease[] = [];
const clients: DynamoDBClient[] = [];
const proxies: LeaseProxy[] = [];

const key = (invoiceNo: string, stockCode = 'X') => ({ InvoiceNo: { S: invoiceNo }, StockCode: { S: stockCode } });

async function exists(name: string, invoiceNo: string, stockCode = 'X'): Promise<boolean> {
  const output = await direct.send(new GetItemCommand({ TableName: name, Key: key(invoiceNo, stockCode), ConsistentRead: true }));
  return output.Item !== undefined;
}

function newClient(endpoint = testDynamoDb().endpoint): DynamoDBClient {
  const client = new DynamoDBClient({ ...testDynamoDb(), endpoint });
  clients.push(client);
  return client;
}

async function acquire(name: string, runId: string, options: { ttlMs?: number; client?: DynamoDBClient } = {}): Promise<Lease> {
  const lease = await acquireLease(options.client ?? direct, name, { owner: { runId }, ttlMs: options.ttlMs });
  held.push(lease);
  return lease;
}

beforeAll(async () => {
  await ensureTable(direct, orderTableSpec(table), { pollMs: 50 });
  await ensureTable(direct, orderTableSpec(other), { pollMs: 50 });
});
afterEach(async () => {
  for (const lease of held.splice(0)) await lease.release();
  for (const client of clients.splice(0)) client.destroy();
  for (const proxy of proxies.splice(0)) await proxy.close();
});
afterAll(async () => {
  await deleteTable(direct, table, { pollMs: 50 });
  await deleteTable(direct, other, { pollMs: 50 });
  direct.destroy();
});

it('while the lease is held, writes go through', async () => {
  const client = newClient();
  const lease = await acquire(table, 'run-A', { client });
  fenceWrites(client, lease);
  await client.send(new PutItemCommand({ TableName: table, Item: key('HELD-1') }));
  expect(await exists(table, 'HELD-1')).toBe(true);
});

it('after release, every kind of write to the table throws LeaseLostError and reaches nothing', async () => {
  const client = newClient();
  const lease = await acquire(table, 'run-A', { client });
  fenceWrites(client, lease);
  await lease.release();
  expect(await readLease(direct, table)).toBeUndefined(); // the lease's own release passed the fence

  await direct.send(new PutItemCommand({ TableName: table, Item: key('KEEP-1') }));
  const writes = [
    new PutItemCommand({ TableName: table, Item: key('AFTER-1') }),
    new UpdateItemCommand({ TableName: table, Key: key('AFTER-2'), UpdateExpression: 'SET Quantity = :q', ExpressionAttributeValues: { ':q': { N: '1' } } }),
    new DeleteItemCommand({ TableName: table, Key: key('KEEP-1') }),
    new BatchWriteItemCommand({ RequestItems: { [table]: [{ PutRequest: { Item: key('AFTER-3') } }] } }),
    new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: table, Item: key('AFTER-4') } }] }),
  ];
  for (const command of writes) {
    // Each command type has its own send overload; the union needs one call site.
    const error = await client.send(command as PutItemCommand).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseLostError);
    expect((error as LeaseLostError).reason).toBe('released');
  }
  for (const invoiceNo of ['AFTER-1', 'AFTER-2', 'AFTER-3', 'AFTER-4']) expect(await exists(table, invoiceNo)).toBe(false);
  expect(await exists(table, 'KEEP-1')).toBe(true);

  // Reads, and writes to other tables, pass.
  await client.send(new GetItemCommand({ TableName: table, Key: key('KEEP-1') }));
  await client.send(new PutItemCommand({ TableName: other, Item: key('OTHER-1') }));
  expect(await exists(other, 'OTHER-1')).toBe(true);
});

it('is checked on every attempt: a retry the SDK would send after the lease is lost never leaves the process', async () => {
  const proxy = await startLeaseProxy(testDynamoDb().endpoint);
  proxies.push(proxy);
  const client = newClient(proxy.endpoint); // the SDK's standard retries: 3 attempts
  const lease = await acquire(table, 'run-A');
  fenceWrites(client, lease);
  // The first attempt reaches the server, which answers 500 (retryable); meanwhile the lease is lost.
  proxy.mode = 'server-error';
  proxy.onRequest = () => void lease.release();
  const error = await client.send(new PutItemCommand({ TableName: table, Item: key('RETRY-1') })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LeaseLostError);
  expect(proxy.received).toEqual(['PutItem']);
});

it('a lease lost while DynamoDB was out of reach and taken by another run: the stale holder writes nothing more', async () => {
  const proxy = await startLeaseProxy(testDynamoDb().endpoint);
  proxies.push(proxy);
  const client = newClient(proxy.endpoint);
  const stale = await acquire(table, 'run-A', { client, ttlMs: 1_500 });
  fenceWrites(client, stale);
  proxy.mode = 'drop';
  const next = await acquireLease(direct, table, { owner: { runId: 'run-B' }, ttlMs: 1_500, waitMs: 20_000, pollMs: 100 });
  held.push(next);
  expect(next.token).toBe(stale.token + 1);
  proxy.mode = 'pass'; // DynamoDB is back in reach of the stale holder
  await until('the stale holder to know its lease lost', () => stale.signal.aborted);
  const error = await client.send(new PutItemCommand({ TableName: table, Item: key('STALE-1') })).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(LeaseLostError);
  expect(await exists(table, 'STALE-1')).toBe(false);
});

it('the function it returns removes the fence', async () => {
  const client = newClient();
  const lease = await acquire(table, 'run-A', { client });
  const unfence = fenceWrites(client, lease);
  await lease.release();
  await expect(client.send(new PutItemCommand({ TableName: table, Item: key('UNFENCED-1') }))).rejects.toBeInstanceOf(LeaseLostError);
  unfence();
  await client.send(new PutItemCommand({ TableName: table, Item: key('UNFENCED-1') }));
  expect(await exists(table, 'UNFENCED-1')).toBe(true);
});

describe('a process paused between the check and the wire (a busy event loop, SIGSTOP) writes nothing once the lease is lost', () => {
  // Code outside every request's async context, so the lease's release is not itself a fenced request.
  const outside = AsyncLocalStorage.snapshot();

  it('lost after the middleware check, while the request is signed and handed to the HTTP handler', async () => {
    const client = newClient();
    const lease = await acquire(table, 'run-A', { client });
    fenceWrites(client, lease);
    // Runs after the fence's middleware check, as a slow signer or a paused process would: the lease is lost meanwhile.
    const loseLease = (next: (args: object) => Promise<unknown>) => (args: object) => {
      outside(() => void lease.release());
      return next(args);
    };
    client.middlewareStack.addRelativeTo(
      loseLease as unknown as Parameters<typeof client.middlewareStack.addRelativeTo>[0],
      { name: 'loseLeaseAfterFence', relation: 'after', toMiddleware: 'httpSigningMiddleware' },
    );
    const error = await client.send(new PutItemCommand({ TableName: table, Item: key('PAUSED-1') })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseLostError);
    expect(await exists(table, 'PAUSED-1')).toBe(false);
  });

  describe('lost after the middleware check, on the way to the socket', () => {
    let onNextRequest: ((request: ClientRequest) => void) | undefined;
    const onCreated = (message: unknown): void => {
      const hook = onNextRequest;
      onNextRequest = undefined;
      hook?.((message as { request: ClientRequest }).request);
    };
    beforeAll(() => subscribe('http.client.request.created', onCreated));
    afterAll(() => unsubscribe('http.client.request.created', onCreated));

    it('as the HTTP request is made, to be sent on a kept-alive socket', async () => {
      const client = newClient();
      const lease = await acquire(table, 'run-warm', { client });
      fenceWrites(client, lease);
      await client.send(new PutItemCommand({ TableName: table, Item: key('WARM-OK') }));
      onNextRequest = () => outside(() => void lease.release());
      const error = await client.send(new PutItemCommand({ TableName: table, Item: key('WARM-LOST') })).catch((e: unknown) => e);
      expect(onNextRequest).toBeUndefined(); // the hook ran: the lease was lost after the middleware's check
      expect(error).toBeInstanceOf(LeaseLostError);
      expect(await exists(table, 'WARM-LOST')).toBe(false);
      expect(await exists(table, 'WARM-OK')).toBe(true);
    });

    it('while a new connection opens, its bytes already handed to the socket', async () => {
      const client = newClient();
      const lease = await acquire(table, 'run-cold'); // through another client: `client` has no socket yet
      fenceWrites(client, lease);
      let connecting: boolean | undefined;
      // The request flushes its bytes right after 'socket'; the next tick comes before the connection is up.
      onNextRequest = (request) =>
        request.once('socket', (socket: Socket) => {
          connecting = socket.connecting;
          process.nextTick(() => outside(() => void lease.release()));
        });
      const error = await client.send(new PutItemCommand({ TableName: table, Item: key('COLD-LOST') })).catch((e: unknown) => e);
      expect(connecting).toBe(true);
      expect(error).toBeInstanceOf(LeaseLostError);
      expect(await exists(table, 'COLD-LOST')).toBe(false);
    });

    it('over TLS, while the new connection does its handshake (TCP up, not yet secure)', async () => {
      const proxy = await startLeaseProxy(testDynamoDb().endpoint, { tls: true });
      proxies.push(proxy);
      const client = new DynamoDBClient({ ...testDynamoDb(), endpoint: proxy.endpoint, requestHandler: { httpsAgent: new HttpsAgent({ ca: LOOPBACK_CERT, keepAlive: true }) } });
      clients.push(client);
      const lease = await acquire(table, 'run-tls');
      fenceWrites(client, lease);
      // Held, a write goes through on a new TLS connection (the check waits for the handshake, never hangs).
      await client.send(new PutItemCommand({ TableName: table, Item: key('TLS-OK') }));
      expect(await exists(table, 'TLS-OK')).toBe(true);
      client.config.requestHandler.destroy?.(); // the next request opens a new connection
      let tcpUpBeforeSecure: boolean | undefined;
      onNextRequest = (request) =>
        request.once('socket', (socket: Socket) =>
          // Just after TCP is up (a check on 'connect' would have passed), before the server's handshake answer.
          socket.once('connect', () =>
            setImmediate(() => {
              tcpUpBeforeSecure = !(socket as Socket & { authorized?: boolean }).authorized;
              outside(() => void lease.release());
            }),
          ),
        );
      const error = await client.send(new PutItemCommand({ TableName: table, Item: key('TLS-LOST') })).catch((e: unknown) => e);
      expect(tcpUpBeforeSecure).toBe(true);
      expect(error).toBeInstanceOf(LeaseLostError);
      expect(await exists(table, 'TLS-LOST')).toBe(false);
      expect(proxy.received).toEqual(['PutItem']); // only the first write reached the server
    });
  });
});
