// The run lease against DynamoDB Local, in one process: who holds it, waiting for it,
// heartbeats, release and tokens, workers joining it, what it costs, and that the lease item
// stays out of the data's reads.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startLeaseProxy, type LeaseProxy } from '../../test-fixtures/lease-proxy';
import { until } from '../../test-fixtures/lease-wait';
import { testDynamoDb, uniqueName } from '../../test-fixtures/stack';
import { makeItems } from '../../testing';
import { rebuildAggregates } from '../aggregates/rebuild';
import { createCapacityMeter } from '../capacity';
import { withMeter } from '../meter-scope';
import { deleteTable, ensureTable } from '../ensure-table';
import { loadItems } from '../load-items';
import { scanItems } from '../paginate';
import { isReservedRecord } from '../partition-records';
import { orderTableSpec, WITH_COUNTRY_INDEX } from '../table-spec';
import { LeaseHeldError, LeaseLostError } from './errors';
import type { Lease } from './held-lease';
import { acquireLease, joinLease, readLease } from './lease';
import type { LeaseHolder } from './lease-record';

const direct = new DynamoDBClient(testDynamoDb());
const tables: string[] = [];
const held: Lease[] = [];
const proxies: LeaseProxy[] = [];
const clients: DynamoDBClient[] = [];

async function freshTable(): Promise<string> {
  const table = uniqueName('lease');
  // The opt-in layout with CountryIndex: the capacity and index figures below count its writes.
  await ensureTable(direct, orderTableSpec(table, { indexes: WITH_COUNTRY_INDEX }), { pollMs: 50 });
  tables.push(table);
  return table;
}

async function acquire(table: string, runId: string, options: Partial<Parameters<typeof acquireLease>[2]> = {}): Promise<Lease> {
  const lease = await acquireLease(direct, table, { owner: { runId, host: 'builder-1', pid: 4242 }, ...options });
  held.push(lease);
  return lease;
}

async function throughProxy(): Promise<{ proxy: LeaseProxy; client: DynamoDBClient }> {
  const proxy = await startLeaseProxy(testDynamoDb().endpoint);
  const client = new DynamoDBClient({ ...testDynamoDb(), endpoint: proxy.endpoint });
  proxies.push(proxy);
  clients.push(client);
  return { proxy, client };
}

afterEach(async () => {
  for (const lease of held.splice(0)) await lease.release();
  for (const client of clients.splice(0)) client.destroy();
  for (const proxy of proxies.splice(0)) await proxy.close();
});
afterAll(async () => {
  for (const table of tables) await deleteTable(direct, table, { pollMs: 50 });
  direct.destroy();
});

describe('acquireLease', () => {
  it('a second run fails at once, naming the holder, when it started, its last heartbeat and its expiry', async () => {
    const table = await freshTable();
    await acquire(table, 'run-A');
    const error = await acquire(table, 'run-B').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseHeldError);
    const holder = (await readLease(direct, table)) as LeaseHolder;
    expect((error as LeaseHeldError).holder).toEqual(holder);
    expect(holder.owner).toEqual({ runId: 'run-A', host: 'builder-1', pid: 4242 });
    expect((error as Error).message).toBe(
      `table ${table} is being written by run run-A (builder-1, pid 4242), started ${holder.acquiredAt}, last heartbeat ${holder.heartbeatAt}, ` +
        `expires ${holder.expiresAt}; wait with --wait <duration> or try again after it expires`,
    );
    // The expiry is the holder's acquire time plus the default ttl (60 s).
    expect(Date.parse(holder.expiresAt) - Date.parse(holder.acquiredAt)).toBe(60_000);
  });

  it('names a Step Functions execution when the owner is one', async () => {
    const table = await freshTable();
    const executionArn = 'arn:aws:states:eu-west-2:123456789012:execution:ecomlake-run:2026-12-07';
    held.push(await acquireLease(direct, table, { owner: { runId: 'run-S', executionArn } }));
    const error = await acquire(table, 'run-B').catch((e: unknown) => e);
    expect((error as Error).message).toContain(`is being written by run run-S (execution ${executionArn}), started`);
  });

  it('with waitMs, waits for the holder to release, tells onWait once, then takes the lease with the next token', async () => {
    const table = await freshTable();
    const first = await acquire(table, 'run-A');
    const waits: LeaseHolder[] = [];
    const second = acquire(table, 'run-B', { waitMs: 30_000, pollMs: 50, onWait: (holder) => waits.push(holder) });
    await until('the second run to wait', () => waits.length > 0);
    await first.release();
    const lease = await second;
    expect(lease.token).toBe(first.token + 1);
    expect(waits.map((holder) => holder.owner.runId)).toEqual(['run-A']);
    expect((await readLease(direct, table))?.owner.runId).toBe('run-B');
  });

  it('when waitMs runs out, LeaseHeldError says it waited', async () => {
    const table = await freshTable();
    await acquire(table, 'run-A');
    const error = await acquire(table, 'run-B', { waitMs: 200, pollMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseHeldError);
    expect((error as LeaseHeldError).waitedMs).toBeGreaterThanOrEqual(200);
    expect((error as Error).message).toMatch(/; still held after waiting [\d.]+ s; wait longer with --wait <duration> or try again after it expires$/);
  });

  it('an acquire whose answer was lost on the way back, sent again by the SDK, holds the lease (it does not find itself in the way)', async () => {
    const table = await freshTable();
    const { proxy, client } = await throughProxy();
    proxy.mode = 'lose-answer';
    const lease = await acquireLease(client, table, { owner: { runId: 'run-A' } });
    held.push(lease);
    expect(proxy.received.filter((operation) => operation === 'UpdateItem')).toHaveLength(2);
    const holder = await readLease(direct, table);
    expect(holder?.owner.runId).toBe('run-A');
    expect(holder?.token).toBe(lease.token);
    expect(lease.token).toBe(1);
  });

  it('refuses a heartbeat period that would let the lease lapse', async () => {
    const table = await freshTable();
    await expect(acquireLease(direct, table, { owner: { runId: 'r' }, ttlMs: 1_000, heartbeatMs: 950 })).rejects.toThrow(/heartbeatMs \(950\) must be positive and below ttlMs − margin \(900 ms\)/);
  });
});

describe('a held lease', () => {
  it('heartbeats keep it alive past several ttls', async () => {
    const table = await freshTable();
    const lease = await acquire(table, 'run-A', { ttlMs: 2_000 });
    const acquiredAt = Date.parse(((await readLease(direct, table)) as LeaseHolder).acquiredAt);
    await until('four ttls to pass', () => Date.now() > acquiredAt + 4 * 2_000);
    expect(() => lease.assertHeld()).not.toThrow();
    expect(lease.signal.aborted).toBe(false);
    const holder = (await readLease(direct, table)) as LeaseHolder;
    expect(holder.token).toBe(lease.token);
    expect(Date.parse(holder.expiresAt)).toBeGreaterThan(acquiredAt + 3 * 2_000);
    await expect(acquire(table, 'run-B')).rejects.toBeInstanceOf(LeaseHeldError);
  });

  it('release frees it (twice is fine), ends it for this run, and the next acquire gets a larger token', async () => {
    const table = await freshTable();
    const first = await acquire(table, 'run-A');
    await first.release();
    await first.release();
    expect(await readLease(direct, table)).toBeUndefined();
    expect(first.signal.aborted).toBe(true);
    expect(() => first.assertHeld()).toThrow(LeaseLostError);
    expect((first.signal.reason as LeaseLostError).reason).toBe('released');
    const second = await acquire(table, 'run-B');
    expect(second.token).toBe(first.token + 1);
  });

  it('is lost by its own clock when heartbeats cannot reach DynamoDB: the signal aborts with LeaseLostError (expired)', async () => {
    const table = await freshTable();
    const { proxy, client } = await throughProxy();
    const lease = await acquireLease(client, table, { owner: { runId: 'run-A' }, ttlMs: 1_500 });
    held.push(lease);
    proxy.mode = 'drop';
    await until('the lease to be lost', () => lease.signal.aborted);
    const reason = lease.signal.reason as LeaseLostError;
    expect(reason).toBeInstanceOf(LeaseLostError);
    expect(reason.reason).toBe('expired');
    expect(reason.message).toMatch(/this run's lease \(token 1\) expired at .* by this process's clock .*; this run stopped before sending any further write, so nothing more was written\.$/);
    expect(() => lease.assertHeld()).toThrow(reason);
    expect(proxy.received.filter((operation) => operation === 'UpdateItem').length).toBeGreaterThan(1); // it kept trying
    await lease.release(); // a lost lease: no error, even with DynamoDB out of reach
  });

  it('a lease on one table does not affect another', async () => {
    const [one, two] = [await freshTable(), await freshTable()];
    const a = await acquire(one, 'run-A');
    const b = await acquire(two, 'run-B');
    expect((await readLease(direct, one))?.owner.runId).toBe('run-A');
    expect((await readLease(direct, two))?.owner.runId).toBe('run-B');
    await a.release();
    expect(await readLease(direct, one)).toBeUndefined();
    expect((await readLease(direct, two))?.token).toBe(b.token);
  });

  it('leases of other names in the same table are independent', async () => {
    const table = await freshTable();
    await acquire(table, 'run-A');
    const other = await acquire(table, 'run-B', { name: 'aggregates' });
    expect((await readLease(direct, table, 'aggregates'))?.token).toBe(other.token);
    const error = await acquire(table, 'run-C', { name: 'aggregates' }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`table ${table} (lease "aggregates") is being written by run run-B`);
  });
});

describe('joinLease', () => {
  it('a worker joins with the current token and heartbeats; its release leaves the lease to the owner', async () => {
    const table = await freshTable();
    const owner = await acquire(table, 'run-A', { ttlMs: 2_000 });
    const worker = await joinLease(direct, table, { token: owner.token });
    expect(worker.owner).toEqual(owner.owner);
    expect(worker.token).toBe(owner.token);
    expect(() => worker.assertHeld()).not.toThrow();
    await worker.release();
    expect((await readLease(direct, table))?.token).toBe(owner.token);
    expect(() => owner.assertHeld()).not.toThrow();
  });

  it('with a stale token, throws LeaseLostError naming the holder that took it', async () => {
    const table = await freshTable();
    const first = await acquire(table, 'run-A');
    await first.release();
    const second = await acquire(table, 'run-B');
    const error = await joinLease(direct, table, { token: first.token }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LeaseLostError);
    expect((error as LeaseLostError).reason).toBe('taken');
    expect((error as LeaseLostError).detail.holder?.token).toBe(second.token);
    expect((error as Error).message).toContain(`was taken by run run-B (builder-1, pid 4242) (token ${second.token}`);
  });

  it('after the owner released, throws LeaseLostError', async () => {
    const table = await freshTable();
    const first = await acquire(table, 'run-A');
    await first.release();
    await expect(joinLease(direct, table, { token: first.token })).rejects.toBeInstanceOf(LeaseLostError);
  });

  it('refuses a ttl other than the one its owner acquired it with', async () => {
    const table = await freshTable();
    const owner = await acquire(table, 'run-A', { ttlMs: 2_000 });
    await expect(joinLease(direct, table, { token: owner.token, ttlMs: 1_000 })).rejects.toThrow(/differs from the lease's own \(2000 ms/);
  });
});

describe('the lease item', () => {
  it('is a reserved record in no index: scans drop it, and rebuildAggregates does not count it', async () => {
    const table = await freshTable();
    const items = makeItems(30, { seed: 3, days: 2 });
    await loadItems(direct, table, items, { catalog: false });
    await acquire(table, 'run-A');
    const leaseRecords = [];
    for await (const record of scanItems(direct, { TableName: table })) if (record.InvoiceNo?.S === '#lease') leaseRecords.push(record);
    expect(leaseRecords).toHaveLength(1);
    expect(isReservedRecord(leaseRecords[0])).toBe(true);
    for (const index of ['CountryIndex', 'CustomerIndex']) {
      for await (const record of scanItems(direct, { TableName: table, IndexName: index })) expect(record.InvoiceNo?.S).not.toBe('#lease');
    }
    const rebuilt = await rebuildAggregates(direct, table, { segments: 2 });
    expect(rebuilt.items).toBe(30);
  });
});

describe('costs', () => {
  // The lease item is under 1 KB: 1 WCU a write; a strongly consistent read of it (under 4 KB): 1 RCU.
  it('acquire, a heartbeat and release are one request and 1 WCU each', async () => {
    const table = await freshTable();
    const meter = createCapacityMeter();
    // Taken in the meter's scope: its heartbeats and its release book there too, wherever release is called from.
    const lease = await withMeter(meter, () => acquireLease(direct, table, { owner: { runId: 'run-A' } })); // default ttl: no heartbeat for 15 s
    expect([meter.requests, meter.capacityUnits]).toEqual([1, 1]);
    await lease.release();
    expect([meter.requests, meter.capacityUnits]).toEqual([2, 2]);

    const beats = createCapacityMeter();
    await withMeter(beats, () => acquire(table, 'run-B', { ttlMs: 4_000, heartbeatMs: 1_500 }));
    await until('one heartbeat', () => beats.capacityUnits === 2);
    expect(beats.requests).toBe(2);
  });

  it('a refused acquire is one request; readLease 1 RCU; joinLease 1 RCU + 1 WCU, and a worker\'s release sends nothing', async () => {
    const table = await freshTable();
    const lease = await acquire(table, 'run-A');
    const refused = createCapacityMeter();
    await expect(withMeter(refused, () => acquire(table, 'run-B'))).rejects.toBeInstanceOf(LeaseHeldError);
    // DynamoDB bills the refused conditional write (1 WCU), but its error carries no ConsumedCapacity to meter.
    expect([refused.requests, refused.capacityUnits]).toEqual([1, 0]);

    const read = createCapacityMeter();
    await withMeter(read, () => readLease(direct, table));
    expect([read.requests, read.capacityUnits]).toEqual([1, 1]);

    const joined = createCapacityMeter();
    const worker = await withMeter(joined, () => joinLease(direct, table, { token: lease.token }));
    expect([joined.requests, joined.capacityUnits]).toEqual([2, 2]);
    await worker.release();
    expect(joined.requests).toBe(2);
  });
});
