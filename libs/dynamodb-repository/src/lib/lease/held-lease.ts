import { UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { performance } from 'node:perf_hooks';
import { fullJitterDelay, type BackoffOptions } from '../backoff';
import type { DynamoRecord } from '../marshal';
import { boundToScopes } from '../meter-scope';
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

/** One hold's state and timers, shared by the functions below (each does one thing to it). */
interface Hold {
  readonly settings: HoldSettings;
  /** Aborted, with the reason, once the lease is lost or released: the lease's `signal`. */
  readonly controller: AbortController;
  /** Instants (wall clock, monotonic clock) until which the lease is valid by our own clock. */
  validWall: number;
  validMono: number;
  /** Wall-clock instant of the last confirmation, for the expiry named in errors. */
  lastConfirmed: number;
  lost: LeaseLostError | undefined;
  released: boolean;
  /** Heartbeats failed in a row (not refused: unanswered), for the backoff. */
  failures: number;
  beatTimer: NodeJS.Timeout | undefined;
  expiryTimer: NodeJS.Timeout | undefined;
  /** The heartbeat request under way, aborted when the hold stops. */
  attempt: AbortController | undefined;
  inflight: Promise<void> | undefined;
  releasing: Promise<void> | undefined;
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
  const hold: Hold = {
    settings,
    controller: new AbortController(),
    validWall: 0,
    validMono: 0,
    lastConfirmed: 0,
    lost: undefined,
    released: false,
    failures: 0,
    beatTimer: undefined,
    expiryTimer: undefined,
    attempt: undefined,
    inflight: undefined,
    releasing: undefined,
  };
  confirm(hold, settings.confirmed);
  // Heartbeats (timers set from here) and the release book on the meters of the scope the lease
  // was taken in (`withMeter`), wherever `release` is called from: what the lease costs, in one place.
  schedule(hold, settings.heartbeatMs);
  const releaseOnce = boundToScopes((): Promise<void> => (hold.releasing ??= release(hold)));
  const { table, name, token } = settings;
  return {
    table,
    name,
    owner: settings.owner,
    token,
    signal: hold.controller.signal,
    assertHeld: (): void => assertHeld(hold),
    release: releaseOnce,
  };
}

/** Time left by both clocks, in ms (≤ 0: the lease can no longer be trusted). */
function remaining(hold: Hold): number {
  return Math.min(hold.validWall - Date.now(), hold.validMono - performance.now());
}

function expiredError(hold: Hold): LeaseLostError {
  const { table, name, token, ttlMs } = hold.settings;
  return new LeaseLostError(table, name, token, 'expired', { expiredAt: new Date(hold.lastConfirmed + ttlMs).toISOString() });
}

function stopTimers(hold: Hold): void {
  clearTimeout(hold.beatTimer);
  clearTimeout(hold.expiryTimer);
  hold.attempt?.abort();
}

function lose(hold: Hold, error: LeaseLostError): void {
  if (hold.lost || hold.released) return;
  hold.lost = error;
  stopTimers(hold);
  hold.controller.abort(error);
}

function confirm(hold: Hold, at: { wall: number; mono: number }): void {
  const { ttlMs, marginMs } = hold.settings;
  hold.lastConfirmed = at.wall;
  hold.validWall = at.wall + ttlMs - marginMs;
  hold.validMono = at.mono + ttlMs - marginMs;
  clearTimeout(hold.expiryTimer);
  armExpiry(hold);
}

// Aborts the signal when the lease runs out by our clock, even if no heartbeat ever answers.
function armExpiry(hold: Hold): void {
  hold.expiryTimer = setTimeout(() => {
    if (hold.lost || hold.released) return;
    if (remaining(hold) <= 0) lose(hold, expiredError(hold));
    else armExpiry(hold);
  }, Math.max(0, remaining(hold))).unref();
}

function schedule(hold: Hold, delayMs: number): void {
  hold.beatTimer = setTimeout(() => {
    hold.inflight = beat(hold).finally(() => (hold.inflight = undefined));
  }, Math.max(0, delayMs)).unref();
}

/** One heartbeat: confirms the lease, or learns it was refused, or retries an unanswered one. */
async function beat(hold: Hold): Promise<void> {
  const { settings } = hold;
  const { client, table, name, token, ttlMs, heartbeatMs } = settings;
  if (hold.lost || hold.released) return;
  if (remaining(hold) <= 0) return lose(hold, expiredError(hold));
  const at = { wall: Date.now(), mono: performance.now() };
  const attempt = new AbortController();
  hold.attempt = attempt;
  // One attempt never outlives the lease: past that, its answer could not save it.
  const timeout = setTimeout(() => hold.attempt?.abort(new Error('heartbeat timed out')), Math.max(1, Math.min(heartbeatMs, remaining(hold)))).unref();
  try {
    await send(client, table, (abortSignal) => client.send(new UpdateItemCommand(heartbeatRequest(table, name, token, at.wall, ttlMs)), { abortSignal }), {
      signal: attempt.signal,
    });
    if (hold.lost || hold.released) return;
    hold.failures = 0;
    confirm(hold, at);
    schedule(hold, heartbeatMs);
  } catch (error) {
    if (hold.lost || hold.released) return;
    const refused = conditionFailed(error);
    if (refused) return lose(hold, refusal(settings, refused.item, new Date(hold.lastConfirmed + ttlMs).toISOString()));
    // Unreachable, throttled, timed out: try again soon, until our own clock gives up.
    if (remaining(hold) <= 0) return lose(hold, expiredError(hold));
    schedule(hold, Math.min(fullJitterDelay(hold.failures, settings.backoff), remaining(hold)));
    hold.failures += 1;
  } finally {
    clearTimeout(timeout);
  }
}

function assertHeld(hold: Hold): void {
  const { table, name, token } = hold.settings;
  if (hold.lost) throw hold.lost;
  if (hold.released) throw new LeaseLostError(table, name, token, 'released');
  if (remaining(hold) <= 0) {
    lose(hold, expiredError(hold));
    throw hold.lost;
  }
}

/** Stops the hold, then frees the lease in the table if it is ours to free (the lease's `release`, run once). */
async function release(hold: Hold): Promise<void> {
  const { client, table, name, token, owns, backoff, maxAttempts } = hold.settings;
  // Past its life by our clock counts as lost even if no timer has said so yet (a process just resumed).
  const wasLost = hold.lost ?? (remaining(hold) <= 0 ? expiredError(hold) : undefined);
  hold.lost = wasLost;
  hold.released = true;
  stopTimers(hold);
  hold.controller.abort(wasLost ?? new LeaseLostError(table, name, token, 'released'));
  await hold.inflight;
  if (!owns || wasLost?.reason === 'taken') return;
  const request = (abortSignal: AbortSignal | undefined) => client.send(new UpdateItemCommand(releaseRequest(table, name, token)), { abortSignal });
  try {
    // A lease that lapsed by our clock may still be ours in the table: one try to free it for the next run,
    // and no error if that fails (it expires on its own; the caller learnt of the loss already).
    await sendWithRetries(client, table, request, { backoff, maxAttempts: wasLost ? 1 : maxAttempts });
  } catch (error) {
    if (!conditionFailed(error) && !wasLost) throw error; // taken or freed meanwhile: nothing of ours to release
  }
}
