import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoRecord } from '../marshal';
import { withRetries, type RetryOptions } from '../retry';
import { send, type CallOptions } from '../send';
import { sleep } from '../sleep';
import { LeaseHeldError, LeaseLostError } from './errors';
import { conditionFailed, holdLease, refusal, type Lease } from './held-lease';
import { acquireRequest, decodeHolder, expiresAtMs, heartbeatRequest, leaseKey, nonceOf, tokenOf, ttlOf, type LeaseHolder, type LeaseOwner } from './lease-record';

export interface LeaseOptions extends CallOptions, RetryOptions {
  /** Lease name within the table. Default 'table'. */
  readonly name?: string;
  readonly owner: LeaseOwner;
  /** How long a lease lives without a heartbeat, ms. Default 60_000. */
  readonly ttlMs?: number;
  /** Heartbeat period, ms. Default ttlMs / 4. Must leave room before the lease runs out (below ttlMs − margin). */
  readonly heartbeatMs?: number;
  /** Wait this long for a held lease, ms. Default 0: fail at once with LeaseHeldError. */
  readonly waitMs?: number;
  /** While waiting, try again this often (and right after the holder's expiry), ms. Default 1_000. */
  readonly pollMs?: number;
  /** Stops acquiring (and waiting); the promise rejects with its reason. Does not end a lease once acquired: `release()` does. */
  readonly signal?: AbortSignal;
  /** Called once when the lease is held by another live holder and we start waiting. */
  readonly onWait?: (holder: LeaseHolder) => void;
  /**
   * Asked about a holder whose lease has not expired: true takes the lease at once, because
   * the caller knows the holder is gone (e.g. a process of this host that no longer runs,
   * killed with SIGKILL). Taken by its token, so a holder that renewed meanwhile keeps it;
   * a holder wrongly judged gone loses its lease and, fenced, writes nothing more. Default:
   * never (wait for the expiry).
   */
  readonly takeOver?: (holder: LeaseHolder) => boolean;
}

export interface JoinLeaseOptions extends CallOptions, RetryOptions {
  /** Lease name within the table. Default 'table'. */
  readonly name?: string;
  /** The token its owner acquired it with (`Lease.token`). */
  readonly token: number;
  /**
   * The lease's life, ms. Default: the one its owner acquired it with (stored on the lease). Every
   * heartbeat of one lease must extend it by the same amount, or a shorter one could leave another
   * process trusting a lease past its stored expiry: a different value throws RangeError.
   */
  readonly ttlMs?: number;
  /** Heartbeat period, ms. Default ttlMs / 4. */
  readonly heartbeatMs?: number;
  readonly signal?: AbortSignal;
}

const DEFAULT_NAME = 'table';
type Clocks = { wall: number; mono: number };
const DEFAULT_TTL_MS = 60_000;
const DEFAULT_POLL_MS = 1_000;

/**
 * Our clock stops trusting a lease this long before its stored expiry: another host's clock
 * may run ahead of ours by up to this much and take the lease "early".
 */
export function leaseMargin(ttlMs: number): number {
  return Math.min(5_000, ttlMs / 10);
}

function timing(ttlMs: number, heartbeatMs: number | undefined): { ttlMs: number; heartbeatMs: number; marginMs: number } {
  if (!(Number.isFinite(ttlMs) && ttlMs > 0)) throw new RangeError(`Lease ttlMs must be a positive number of ms (got ${ttlMs}).`);
  const marginMs = leaseMargin(ttlMs);
  const beat = heartbeatMs ?? ttlMs / 4;
  if (!(beat > 0 && beat < ttlMs - marginMs)) {
    throw new RangeError(`Lease heartbeatMs (${beat}) must be positive and below ttlMs − margin (${ttlMs - marginMs} ms), or the lease would lapse between heartbeats.`);
  }
  return { ttlMs, heartbeatMs: beat, marginMs };
}

/**
 * Takes the table's lease for this run: one writer at a time per table. The lease is one item
 * in the table (see lease-record.ts) taken with a conditional UpdateItem when it is free or
 * expired, then heartbeated until `release()`. Pass the lease to `fenceWrites` so that no
 * write reaches the table once it is lost.
 *
 * @throws LeaseHeldError naming the holder, when another run holds it (past `waitMs`).
 * @example
 * const lease = await acquireLease(dynamodb, 'orders', { owner: { runId, host: hostname(), pid: process.pid }, waitMs: 60_000 });
 * const unfence = fenceWrites(dynamodb, lease);
 * try { await loadPartitions(...) } finally { unfence(); await lease.release(); }
 */
export async function acquireLease(client: DynamoDBClient, table: string, options: LeaseOptions): Promise<Lease> {
  const { name = DEFAULT_NAME, owner, waitMs = 0, pollMs = DEFAULT_POLL_MS, signal, onWait } = options;
  const { ttlMs, heartbeatMs, marginMs } = timing(options.ttlMs ?? DEFAULT_TTL_MS, options.heartbeatMs);
  const nonce = randomUUID();
  const started = Date.now();
  let waiting = false;
  // The token of a holder `takeOver` judged gone: the next attempt may take the lease from it.
  let gone: number | undefined;
  for (;;) {
    signal?.throwIfAborted();
    // The clocks just before this round's first send: validity is counted from no later than the write that took it.
    let first: Clocks | undefined;
    const outcome = await withRetries(async (): Promise<{ token: number; confirmed: Clocks } | { held: DynamoRecord | undefined }> => {
      const at = { wall: Date.now(), mono: performance.now() };
      first ??= at;
      try {
        const output = await send(
          client,
          table,
          (abortSignal) => client.send(new UpdateItemCommand(acquireRequest(table, name, owner, nonce, at.wall, ttlMs, gone)), { abortSignal }),
          options,
        );
        return { token: tokenOf(output.Attributes), confirmed: first };
      } catch (error) {
        const refused = conditionFailed(error);
        if (!refused) throw error;
        // Our own earlier attempt got through and only its answer was lost: the lease is ours.
        if (refused.item && nonceOf(refused.item) === nonce && decodeHolder(refused.item)) return { token: tokenOf(refused.item), confirmed: first };
        return { held: refused.item ?? (await readRecord(client, table, name, options)) };
      }
    }, options);
    if ('token' in outcome) {
      return holdLease({ client, table, name, owner, token: outcome.token, ttlMs, heartbeatMs, marginMs, confirmed: outcome.confirmed, owns: true, ...rest(options) });
    }
    const holder = decodeHolder(outcome.held);
    if (!holder) continue; // released between our attempt and the read
    if (gone !== holder.token && options.takeOver?.(holder)) {
      gone = holder.token;
      continue;
    }
    const now = Date.now();
    if (now - started >= waitMs) throw new LeaseHeldError(table, name, holder, waitMs > 0 ? now - started : 0);
    if (!waiting) {
      waiting = true;
      onWait?.(holder);
    }
    // Right after the holder's expiry if it comes first: a killed holder's lease is taken promptly.
    const untilExpiry = expiresAtMs(outcome.held) - now + 1;
    await sleep(Math.max(10, Math.min(pollMs, started + waitMs - now, untilExpiry)), signal);
  }
}

/**
 * Works under a lease another process acquired (e.g. a Step Functions Map child given the
 * run's token): verifies with a strongly consistent read that `token` still holds it, then
 * heartbeats it while the worker works. `release()` only stops the heartbeat: the owner frees it.
 *
 * @throws LeaseLostError if the token no longer holds the lease (taken, released or expired).
 */
export async function joinLease(client: DynamoDBClient, table: string, options: JoinLeaseOptions): Promise<Lease> {
  const { name = DEFAULT_NAME, token } = options;
  const record = await readRecord(client, table, name, options);
  const holder = decodeHolder(record);
  const stored = ttlOf(record);
  if (!holder || tokenOf(record) !== token || expiresAtMs(record) < Date.now()) {
    throw holder && tokenOf(record) === token
      ? new LeaseLostError(table, name, token, 'expired', { expiredAt: holder.expiresAt })
      : new LeaseLostError(table, name, token, 'taken', holder ? { holder } : {});
  }
  if (options.ttlMs !== undefined && options.ttlMs !== stored) {
    throw new RangeError(`joinLease ttlMs (${options.ttlMs}) differs from the lease's own (${stored} ms, set by its owner): leave it out.`);
  }
  const { ttlMs, heartbeatMs, marginMs } = timing(stored, options.heartbeatMs);
  // The first heartbeat, now: the worker's validity is counted from a write that confirmed it.
  const at = { wall: Date.now(), mono: performance.now() };
  try {
    await withRetries(
      () => send(client, table, (abortSignal) => client.send(new UpdateItemCommand(heartbeatRequest(table, name, token, at.wall, ttlMs)), { abortSignal }), options),
      options,
    );
  } catch (error) {
    const refused = conditionFailed(error);
    throw refused ? refusal({ table, name, token }, refused.item, holder.expiresAt) : error;
  }
  return holdLease({ client, table, name, owner: holder.owner, token, ttlMs, heartbeatMs, marginMs, confirmed: at, owns: false, ...rest(options) });
}

/** The lease's holder (undefined when free), read strongly consistent: for status messages. */
export async function readLease(client: DynamoDBClient, table: string, name = DEFAULT_NAME, options: CallOptions & RetryOptions = {}): Promise<LeaseHolder | undefined> {
  return decodeHolder(await readRecord(client, table, name, options));
}

async function readRecord(client: DynamoDBClient, table: string, name: string, options: CallOptions & RetryOptions): Promise<DynamoRecord | undefined> {
  const output = await withRetries(
    () =>
      send(
        client,
        table,
        (abortSignal) => client.send(new GetItemCommand({ TableName: table, Key: leaseKey(name), ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }), { abortSignal }),
        options,
        'read',
      ),
    options,
  );
  return output.Item;
}

/** What a held lease keeps of the caller's options: its heartbeats and release are retried the same way (and metered in the caller's scope, see holdLease). */
function rest(options: RetryOptions): { backoff?: RetryOptions['backoff']; maxAttempts?: number } {
  return { backoff: options.backoff, maxAttempts: options.maxAttempts };
}
