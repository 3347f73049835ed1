import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { performance } from 'node:perf_hooks';
import { fullJitterDelay, type BackoffOptions } from '../backoff';
import type { CapacityMeter } from '../capacity';
import type { DynamoRecord } from '../marshal';
import { sendWithRetries } from '../retry';
import { send } from '../send';
import { LeaseLostError } from './errors';
import { decodeHolder, heartbeatRequest, releaseRequest, tokenOf, type LeaseOwner } from './lease-record';

/** A lease this process holds (or works under, see `joinLease`). */
export interface Lease {
  readonly table: string;
  readonly name: string;
  readonly owner: LeaseOwner;
  /** Fencing token of this hold: larger than any earlier holder's. */
  readonly token: number;
  /** Aborted, with a LeaseLostError as reason, as soon as the lease is known lost (heartbeat refused, or expired by our own clock), or released. */
  readonly signal: AbortSignal;
  /** Throws LeaseLostError if the lease is lost, released, or expired by this process's clock (last confirmed heartbeat + ttl − margin). Synchronous, no request. */
  assertHeld(): void;
  /** Stops the heartbeat and frees the lease (conditional on our token); safe to call twice, never throws for a lost lease. */
  release(): Promise<void>;
}

export interface HoldSettings {
  client: DynamoDBClient;
  table: string;
  name: string;
  owner: LeaseOwner;
  token: number;
  ttlMs: number;
  heartbeatMs: number;
  /** Subtracted from the lease's life by our clock, for clock differences between hosts. */
  marginMs: number;
  /** Both clocks, read just before the request that last confirmed the lease was sent. */
  confirmed: { wall: number; mono: number };
  /** False for a joined lease: release only stops the heartbeat. */
  owns: boolean;
  meter?: CapacityMeter;
  backoff?: BackoffOptions;
  maxAttempts?: number;
}

/** DynamoDB's answer to a request whose condition did not hold (with the item, when asked for ALL_OLD). */
export function conditionFailed(error: unknown): { item: DynamoRecord | undefined } | undefined {
  const shape = error as { name?: string; Item?: DynamoRecord } | undefined;
  return shape?.name === 'ConditionalCheckFailedException' ? { item: shape.Item } : undefined;
}

/** The heartbeat's answer was a refusal: the lease lapsed (our token, past its expiry) or is another's. */
export function refusal(settings: Pick<HoldSettings, 'table' | 'name' | 'token'>, item: DynamoRecord | undefined, expiredAt: string): LeaseLostError {
  const { table, name, token } = settings;
  const holder = decodeHolder(item);
  if (holder && tokenOf(item) === token) return new LeaseLostError(table, name, token, 'expired', { expiredAt });
  return new LeaseLostError(table, name, token, 'taken', holder ? { holder } : {});
}

/**
 * Holds a lease: heartbeats every `heartbeatMs`, and knows by its own clock when the lease
 * can no longer be trusted. Validity is counted from the moment just before the request that
 * last confirmed it was sent, so however long that request took, we stop no later than the
 * stored expiry (less the margin). Both clocks must agree it is valid: the wall clock keeps
 * running while a machine sleeps (the monotonic one stops on Linux), and the monotonic one
 * does not jump when the wall clock is set back.
 *
 * Every timer is unref'd: a lease never keeps a process alive; if the process ends without
 * releasing, the lease expires after its ttl.
 */
export function holdLease(settings: HoldSettings): Lease {
  const { client, table, name, token, ttlMs, heartbeatMs, marginMs, owns, meter } = settings;
  const controller = new AbortController();
  let validWall = 0;
  let validMono = 0;
  let lastConfirmed = 0;
  let lost: LeaseLostError | undefined;
  let released = false;
  let failures = 0;
  let beatTimer: NodeJS.Timeout | undefined;
  let expiryTimer: NodeJS.Timeout | undefined;
  let attempt: AbortController | undefined;
  let inflight: Promise<void> | undefined;
  let releasing: Promise<void> | undefined;

  const remaining = (): number => Math.min(validWall - Date.now(), validMono - performance.now());
  const expiredError = (): LeaseLostError =>
    new LeaseLostError(table, name, token, 'expired', { expiredAt: new Date(lastConfirmed + ttlMs).toISOString() });

  const stopTimers = (): void => {
    clearTimeout(beatTimer);
    clearTimeout(expiryTimer);
    attempt?.abort();
  };

  const lose = (error: LeaseLostError): void => {
    if (lost || released) return;
    lost = error;
    stopTimers();
    controller.abort(error);
  };

  const confirm = (at: { wall: number; mono: number }): void => {
    lastConfirmed = at.wall;
    validWall = at.wall + ttlMs - marginMs;
    validMono = at.mono + ttlMs - marginMs;
    clearTimeout(expiryTimer);
    armExpiry();
  };

  // Aborts the signal when the lease runs out by our clock, even if no heartbeat ever answers.
  const armExpiry = (): void => {
    expiryTimer = setTimeout(() => {
      if (lost || released) return;
      if (remaining() <= 0) lose(expiredError());
      else armExpiry();
    }, Math.max(0, remaining())).unref();
  };

  const schedule = (delayMs: number): void => {
    beatTimer = setTimeout(() => {
      inflight = beat().finally(() => (inflight = undefined));
    }, Math.max(0, delayMs)).unref();
  };

  const beat = async (): Promise<void> => {
    if (lost || released) return;
    if (remaining() <= 0) return lose(expiredError());
    const at = { wall: Date.now(), mono: performance.now() };
    attempt = new AbortController();
    // One attempt never outlives the lease: past that, its answer could not save it.
    const timeout = setTimeout(() => attempt?.abort(new Error('heartbeat timed out')), Math.max(1, Math.min(heartbeatMs, remaining()))).unref();
    try {
      await send(client, table, (abortSignal) => client.send(new UpdateItemCommand(heartbeatRequest(table, name, token, at.wall, ttlMs)), { abortSignal }), {
        signal: attempt.signal,
        meter,
      });
      if (lost || released) return;
      failures = 0;
      confirm(at);
      schedule(heartbeatMs);
    } catch (error) {
      if (lost || released) return;
      const refused = conditionFailed(error);
      if (refused) return lose(refusal(settings, refused.item, new Date(lastConfirmed + ttlMs).toISOString()));
      // Unreachable, throttled, timed out: try again soon, until our own clock gives up.
      if (remaining() <= 0) return lose(expiredError());
      schedule(Math.min(fullJitterDelay(failures, settings.backoff), remaining()));
      failures += 1;
    } finally {
      clearTimeout(timeout);
    }
  };

  confirm(settings.confirmed);
  schedule(heartbeatMs);

  return {
    table,
    name,
    owner: settings.owner,
    token,
    signal: controller.signal,
    assertHeld(): void {
      if (lost) throw lost;
      if (released) throw new LeaseLostError(table, name, token, 'released');
      if (remaining() <= 0) {
        lose(expiredError());
        throw lost;
      }
    },
    release(): Promise<void> {
      releasing ??= (async () => {
        // Past its life by our clock counts as lost even if no timer has said so yet (a process just resumed).
        const wasLost = lost ?? (remaining() <= 0 ? expiredError() : undefined);
        lost = wasLost;
        released = true;
        stopTimers();
        controller.abort(wasLost ?? new LeaseLostError(table, name, token, 'released'));
        await inflight;
        if (!owns || wasLost?.reason === 'taken') return;
        const request = (abortSignal: AbortSignal | undefined) => client.send(new UpdateItemCommand(releaseRequest(table, name, token)), { abortSignal });
        try {
          // A lease that lapsed by our clock may still be ours in the table: one try to free it for the next run,
          // and no error if that fails (it expires on its own; the caller learnt of the loss already).
          await sendWithRetries(client, table, request, { meter, backoff: settings.backoff, maxAttempts: wasLost ? 1 : settings.maxAttempts });
        } catch (error) {
          if (!conditionFailed(error) && !wasLost) throw error; // taken or freed meanwhile: nothing of ours to release
        }
      })();
      return releasing;
    },
  };
}
