import type { LeaseHolder, LeaseOwner } from './lease-record';
import { EcomlakeError } from '@ecomlake/util';

/** Another run holds the table's lease (and still did after `waitMs`). */
export class LeaseHeldError extends EcomlakeError<'dynamodb-repository.leaseHeld'> {
  override readonly name = 'LeaseHeldError';
  constructor(
    readonly table: string,
    readonly lease: string,
    readonly holder: LeaseHolder,
    /** How long this run waited before giving up, ms (0: it did not wait). */
    readonly waitedMs = 0,
  ) {
    super('dynamodb-repository.leaseHeld',
      `${subject(table, lease)} is being written by ${describeOwner(holder.owner)}, started ${holder.acquiredAt}, ` +
        `last heartbeat ${holder.heartbeatAt}, expires ${holder.expiresAt}` +
        (waitedMs > 0 ? `; still held after waiting ${seconds(waitedMs)}; wait longer with --wait <duration>` : '; wait with --wait <duration>') +
        ' or try again after it expires',
    );
  }
}

/**
 * Why a lease is no longer ours:
 * - `taken`: another run acquired it (its token is larger), or it was released under us;
 * - `expired`: by this process's clock, the last confirmed heartbeat is older than the lease's
 *   life (the process was paused, e.g. SIGSTOP or a sleeping laptop, or DynamoDB was unreachable);
 * - `released`: this run released it and then tried to write.
 */
export type LeaseLossReason = 'taken' | 'expired' | 'released';

/** The lease was lost: this run must send no further write (and, through `fenceWrites`, cannot). */
export class LeaseLostError extends EcomlakeError<'dynamodb-repository.leaseLost'> {
  override readonly name = 'LeaseLostError';
  constructor(
    readonly table: string,
    readonly lease: string,
    /** Our token. */
    readonly token: number,
    readonly reason: LeaseLossReason,
    /** For `taken`: the lease as DynamoDB refused our heartbeat (undefined: it was released). For `expired`: when it expired by our clock. */
    readonly detail: { readonly holder?: LeaseHolder; readonly expiredAt?: string } = {},
  ) {
    super('dynamodb-repository.leaseLost', `${subject(table, lease)}: this run's lease (token ${token}) ${lossText(reason, detail)}; this run stopped before sending any further write, so nothing more was written.`);
  }
}

function lossText(reason: LeaseLossReason, detail: LeaseLostError['detail']): string {
  if (reason === 'released') return 'was released by this run before this write';
  if (reason === 'expired') {
    return `expired at ${detail.expiredAt ?? '?'} by this process's clock while no heartbeat got through (the process was paused, e.g. SIGSTOP or a sleeping machine, or DynamoDB was unreachable), and another run may have taken it`;
  }
  const holder = detail.holder;
  return holder && holder.token !== 0
    ? `was taken by ${describeOwner(holder.owner)} (token ${holder.token}, acquired ${holder.acquiredAt}) after it expired`
    : 'is no longer held: another run took it after it expired and has released it since';
}

function subject(table: string, lease: string): string {
  return lease === 'table' ? `table ${table}` : `table ${table} (lease "${lease}")`;
}

/** `run <id> (host, pid N)`, `run <id> (execution <arn>)`. */
export function describeOwner(owner: LeaseOwner): string {
  const where = [owner.host, owner.pid !== undefined ? `pid ${owner.pid}` : undefined, owner.executionArn ? `execution ${owner.executionArn}` : undefined].filter(
    (part): part is string => part !== undefined && part !== '',
  );
  return `run ${owner.runId}${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}
