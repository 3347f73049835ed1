// One writer at a time per table, on Step Functions: the begin step acquires the table's lease
// for the execution, every worker and the reduce work under it (`joinLease`, heartbeating while
// they work, every write fenced), and the release step frees it after the run or a failure.
// No process lives across the steps, so the lease outlives each step by its ttl, and the
// release step frees it by the execution that owns it, not by a Lease object.
import { setMaxListeners } from 'node:events';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { acquireLease, fenceWrites, joinLease, LeaseHeldError, type Lease, type LeaseHolder } from '@ecomlake/dynamodb-repository';
import { EcomlakeError } from '@ecomlake/util';

/**
 * How long the lease lives without a heartbeat: longer than any gap between two steps' work
 * (a worker's retries with their waits take 276 s at worst, a Map's children start within
 * seconds), so a slow step never loses it, and a run that died holding it frees the table
 * after 15 minutes at the latest.
 */
export const RUN_LEASE_TTL_MS = 15 * 60_000;

/** The latest heartbeat the library allows: below the ttl less its margin, min(5 s, ttl / 10). */
const LAST_HEARTBEAT_MS = RUN_LEASE_TTL_MS - Math.min(5_000, RUN_LEASE_TTL_MS / 10) - 1;

/** The longest `waitSeconds` an execution may ask for: the begin step must end within the function's 15 minutes. */
export const MAX_WAIT_SECONDS = 600;

/** The execution that owns the lease, as its owner record names it. */
export interface RunOwner {
  /** The execution's name (the run id). */
  readonly execution: string;
  /** `$$.Execution.Id`. */
  readonly executionArn: string;
}

/**
 * Another execution holds the table's lease. The library's `LeaseHeldError` with a message for
 * this app (its own hint names the local CLI's flag); the same `name`, which Step Functions
 * matches to fail the execution without a retry.
 */
export class RunLeaseHeldError extends EcomlakeError<'pipeline-aws.leaseHeld'> {
  override readonly name = 'LeaseHeldError';
  constructor(readonly holder: LeaseHolder, waitSeconds: number, options: { cause: unknown }) {
    super(
      'pipeline-aws.leaseHeld',
      `table ${String((options.cause as LeaseHeldError).table)} is being written by execution ${holder.owner.executionArn ?? holder.owner.runId} (run ${holder.owner.runId}), ` +
        `started ${holder.acquiredAt}, last heartbeat ${holder.heartbeatAt}, expires ${holder.expiresAt}` +
        (waitSeconds > 0 ? `; still held after waiting ${waitSeconds} s` : '') +
        `; start this execution again after it ends, or with the input {"waitSeconds": N} (at most ${MAX_WAIT_SECONDS}) to wait for it`,
      options,
    );
  }
}

/** What the begin step puts in the execution's state: the token workers join with. */
export interface BegunLease {
  readonly table: string;
  readonly token: number;
  readonly expiresInSeconds: number;
}

/**
 * Takes the table's lease for this execution. A retry of the begin step (its answer lost, the
 * Lambda timed out after acquiring) finds the lease held by its own execution and takes it
 * over rather than waiting for itself. The Lambda ends after this: the lease stays held until
 * its ttl unless a worker heartbeats it.
 */
export async function beginLease(dynamodb: DynamoDBClient, table: string, owner: RunOwner, waitSeconds = 0): Promise<BegunLease> {
  try {
    const lease = await acquireLease(dynamodb, table, {
      owner: { runId: owner.execution, executionArn: owner.executionArn },
      ttlMs: RUN_LEASE_TTL_MS,
      // Nothing of this invocation works under the lease, and an owned lease cannot stop its
      // heartbeat without freeing it: its first heartbeat is due just before the ttl, by which
      // time Lambda has frozen this process (the timer is unref'd); if a later invocation thaws
      // it, that heartbeat either extends a lease the run still holds or is refused.
      heartbeatMs: LAST_HEARTBEAT_MS,
      waitMs: waitSeconds * 1000,
      takeOver: (holder) => holder.owner.executionArn === owner.executionArn,
    });
    return { table, token: lease.token, expiresInSeconds: RUN_LEASE_TTL_MS / 1000 };
  } catch (error) {
    if (error instanceof LeaseHeldError) throw new RunLeaseHeldError(error.holder, waitSeconds, { cause: error });
    throw error;
  }
}

/** What the release step found. */
export interface ReleasedLease {
  readonly released: boolean;
  /** Why not, when not released: the lease is another execution's now. */
  readonly heldBy?: string;
}

/**
 * Frees the table's lease if this execution holds it (or nobody does): taken over by the
 * execution's own name, then released. A lease another execution took (ours expired) is left
 * alone. Safe to run twice, after a success or after any failure.
 */
export async function releaseRunLease(dynamodb: DynamoDBClient, table: string, owner: RunOwner): Promise<ReleasedLease> {
  try {
    const lease = await acquireLease(dynamodb, table, {
      owner: { runId: owner.execution, executionArn: owner.executionArn },
      ttlMs: RUN_LEASE_TTL_MS,
      takeOver: (holder) => holder.owner.executionArn === owner.executionArn,
    });
    await lease.release();
    return { released: true };
  } catch (error) {
    if (error instanceof LeaseHeldError) return { released: false, heldBy: error.holder.owner.executionArn ?? error.holder.owner.runId };
    throw error;
  }
}

/**
 * Runs `work` under the execution's lease: `joinLease` checks that `token` still holds it
 * (`LeaseLostError` otherwise: a permanent failure, nothing written) and heartbeats it while
 * `work` runs; every write of `dynamodb` to the table, and of `s3` under `lakePrefix`, checks
 * the lease first. The heartbeat stops at the end; the lease stays the execution's.
 */
export async function underLease<T>(
  clients: { dynamodb: DynamoDBClient; s3: S3Client },
  where: { table: string; bucket: string; lakePrefix: string },
  token: number,
  work: (lease: Lease) => Promise<T>,
): Promise<T> {
  const lease = await joinLease(clients.dynamodb, where.table, { token });
  // Every read, clean and load of the invocation listens on the lease's signal: many listeners is by design.
  setMaxListeners(0, lease.signal);
  const unfence = fenceWrites(clients.dynamodb, lease);
  const unfenceLake = fenceLakeWrites(clients.s3, lease, where.bucket, where.lakePrefix);
  try {
    return await work(lease);
  } finally {
    unfenceLake();
    unfence();
    await lease.release();
  }
}

/** S3 commands that write or delete an object. */
const S3_WRITES = new Set(['PutObjectCommand', 'CreateMultipartUploadCommand', 'UploadPartCommand', 'CompleteMultipartUploadCommand', 'CopyObjectCommand', 'DeleteObjectCommand', 'DeleteObjectsCommand']);

let lakeFences = 0;

/**
 * The lake's counterpart of `fenceWrites`: every attempt of a write under `prefix` of `bucket`
 * checks `lease.assertHeld()` first (after the SDK's retry middleware, before signing), so a
 * worker whose lease was lost writes no lake part after another run pruned the lake.
 */
export function fenceLakeWrites(s3: S3Client, lease: Lease, bucket: string, prefix: string): () => void {
  lakeFences += 1;
  const name = `ecomlakeLakeFence${lakeFences}`;
  type Finalize = Parameters<S3Client['middlewareStack']['addRelativeTo']>[0];
  const fence = ((next: (args: { input: object }) => Promise<unknown>, context: { commandName?: string }) => async (args: { input: object }) => {
    const input = args.input as { Bucket?: string; Key?: string; Delete?: { Objects?: { Key?: string }[] } };
    const keys = input.Key !== undefined ? [input.Key] : (input.Delete?.Objects ?? []).map((o) => o.Key ?? '');
    if (S3_WRITES.has(String(context.commandName)) && input.Bucket === bucket && keys.some((key) => key.startsWith(prefix))) lease.assertHeld();
    return next(args);
  }) as unknown as Finalize;
  s3.middlewareStack.addRelativeTo(fence, { name, relation: 'before', toMiddleware: 'httpSigningMiddleware', override: true });
  return () => void s3.middlewareStack.remove(name);
}
