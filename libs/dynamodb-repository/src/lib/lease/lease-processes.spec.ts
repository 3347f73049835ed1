// The run lease between real processes (test-fixtures/lease-holder.ts), one DynamoDB Local:
// a holder killed with SIGKILL gives the lease up when it expires; a holder paused (SIGSTOP)
// past its expiry whose lease another run took sends no further write when it resumes.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { testDynamoDb, uniqueName } from '../../test-fixtures/stack';
import { deleteTable, ensureTable } from '../ensure-table';
import { LeaseHeldError } from './errors';
import type { Lease } from './held-lease';
import { acquireLease, readLease } from './lease';

const FIXTURE = path.join(__dirname, '..', '..', 'test-fixtures', 'lease-holder.ts');
/** The InvoiceNo of the holder's marker records (lease-holder.ts). */
const MARKER_INVOICE = 'LEASE-MARKER';
const TTL_MS = 1_500;

interface Answer {
  ready?: boolean;
  acquired?: boolean;
  token?: number;
  held?: boolean;
  message?: string;
  put?: boolean;
  error?: string;
  reason?: string;
  released?: boolean;
}

/** A run in its own process, driven line by line. */
class Holder {
  readonly child: ChildProcessWithoutNullStreams;
  private readonly answers: Answer[] = [];
  private readonly waiters: ((answer: Answer) => void)[] = [];

  constructor(table: string, runId: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, testDynamoDb().endpoint, table, runId, String(TTL_MS)], { stdio: 'pipe' });
    this.child.stderr.pipe(process.stderr);
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const answer = JSON.parse(line) as Answer;
      const waiter = this.waiters.shift();
      if (waiter) waiter(answer);
      else this.answers.push(answer);
    });
  }

  /** The next answer; bounded by the test's timeout, and the process is killed in afterEach. */
  next(): Promise<Answer> {
    const ready = this.answers.shift();
    return ready ? Promise.resolve(ready) : new Promise((resolve) => this.waiters.push(resolve));
  }

  ask(command: string): Promise<Answer> {
    this.child.stdin.write(`${command}\n`);
    return this.next();
  }
}

const direct = new DynamoDBClient(testDynamoDb());
const table = uniqueName('lease-processes');
let started: Holder[] = [];
const held: Lease[] = [];

async function holder(runId: string): Promise<Holder> {
  const h = new Holder(table, runId);
  started.push(h);
  expect(await h.next()).toEqual({ ready: true });
  return h;
}

async function markerExists(stockCode: string): Promise<boolean> {
  const output = await direct.send(
    new GetItemCommand({ TableName: table, Key: { InvoiceNo: { S: MARKER_INVOICE }, StockCode: { S: stockCode } }, ConsistentRead: true }),
  );
  return output.Item !== undefined;
}

beforeAll(async () => {
  await ensureTable(direct, { name: table, partitionKey: 'InvoiceNo', sortKey: 'StockCode', indexes: [], billing: { mode: 'PAY_PER_REQUEST' } }, { pollMs: 50 });
});
afterEach(async () => {
  for (const h of started) {
    if (h.child.exitCode === null && h.child.signalCode === null) {
      h.child.kill('SIGCONT');
      h.child.kill('SIGKILL');
      await once(h.child, 'exit');
    }
  }
  started = [];
  for (const lease of held.splice(0)) await lease.release();
});
afterAll(async () => {
  await deleteTable(direct, table, { pollMs: 50 });
  direct.destroy();
});

it('a second process fails at once naming the first, its host and pid', async () => {
  const first = await holder('run-A');
  const taken = await first.ask('acquire');
  expect(taken.acquired).toBe(true);
  const second = await holder('run-B');
  const refused = await second.ask('acquire');
  expect(refused.held).toBe(true);
  expect(refused.message).toContain(`is being written by run run-A (`);
  expect(refused.message).toContain(`, pid ${first.child.pid})`);
  await first.ask('release');
  expect(await second.ask('acquire')).toEqual({ acquired: true, token: (taken.token ?? 0) + 1 });
  await second.ask('release');
});

it('a holder killed with SIGKILL: another run takes the lease once it expires', async () => {
  const first = await holder('run-A');
  const taken = await first.ask('acquire');
  expect(await first.ask('put killed-before')).toEqual({ put: true });
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  // Nobody releases it: it is still held, by a process that is gone, until it expires.
  expect((await readLease(direct, table))?.owner.pid).toBe(first.child.pid);
  await expect(acquireLease(direct, table, { owner: { runId: 'run-B' }, ttlMs: TTL_MS })).rejects.toBeInstanceOf(LeaseHeldError);
  const next = await acquireLease(direct, table, { owner: { runId: 'run-B' }, ttlMs: TTL_MS, waitMs: 20_000, pollMs: 100 });
  held.push(next);
  expect(next.token).toBe((taken.token ?? 0) + 1);
  expect(await markerExists('killed-before')).toBe(true);
});

it('a holder killed with SIGKILL, judged gone by takeOver: another run takes the lease at once, by its token', async () => {
  const first = await holder('run-A');
  const taken = await first.ask('acquire');
  first.child.kill('SIGKILL');
  await once(first.child, 'exit');
  const judged: number[] = [];
  const gone = (h: { owner: { pid?: number } }) => (judged.push(h.owner.pid ?? 0), h.owner.pid === first.child.pid);
  // A 60 s lease taken at once, without waiting for its expiry.
  const next = await acquireLease(direct, table, { owner: { runId: 'run-B' }, ttlMs: 60_000, takeOver: gone });
  held.push(next);
  expect({ token: next.token, judged }).toEqual({ token: (taken.token ?? 0) + 1, judged: [first.child.pid] });
});

it('a live holder judged alive by takeOver keeps its lease', async () => {
  const first = await holder('run-A');
  await first.ask('acquire');
  await expect(acquireLease(direct, table, { owner: { runId: 'run-B' }, ttlMs: TTL_MS, takeOver: () => false })).rejects.toBeInstanceOf(LeaseHeldError);
  await first.ask('release');
});

it('a holder paused (SIGSTOP) past its expiry whose lease was taken: after SIGCONT its next write throws LeaseLostError and is not in the table', async () => {
  const first = await holder('run-A');
  const taken = await first.ask('acquire');
  expect(await first.ask('put before-pause')).toEqual({ put: true });
  first.child.kill('SIGSTOP');
  // The lease expires while the holder sleeps; another run waits for that and takes it.
  const next = await acquireLease(direct, table, { owner: { runId: 'run-B' }, ttlMs: TTL_MS, waitMs: 20_000, pollMs: 100 });
  held.push(next);
  expect(next.token).toBe((taken.token ?? 0) + 1);
  first.child.kill('SIGCONT');
  const answer = await first.ask('put after-pause');
  expect(answer.error).toBe('LeaseLostError');
  expect(['taken', 'expired']).toContain(answer.reason);
  expect(answer.message).toContain('this run stopped before sending any further write, so nothing more was written');
  expect(await markerExists('after-pause')).toBe(false);
  expect(await markerExists('before-pause')).toBe(true);
  // The new holder's lease is untouched by the old one's resumption (its heartbeats were refused, its release sends nothing).
  await first.ask('release');
  expect((await readLease(direct, table))?.token).toBe(next.token);
  expect(() => next.assertHeld()).not.toThrow();
});
