import type { UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { ATTRIBUTE } from '../attributes';
import type { DynamoRecord } from '../marshal';

/** Who runs the writes: enough to find the process (or execution) and stop it. */
export interface LeaseOwner {
  /** The run's id (e.g. the pipeline's runId). */
  readonly runId: string;
  readonly host?: string;
  readonly pid?: number;
  /** A Step Functions execution running the writes. */
  readonly executionArn?: string;
}

/** A lease as stored: who holds it, since when, until when. */
export interface LeaseHolder {
  readonly owner: LeaseOwner;
  /** Fencing token: grows by one at every acquire, never reused for the same table and name. */
  readonly token: number;
  /** ISO 8601 times (the holder's clock). */
  readonly acquiredAt: string;
  readonly heartbeatAt: string;
  readonly expiresAt: string;
}

/**
 * The lease item lives in the table it guards, as a reserved record: PK `#lease`, SK the
 * lease's name. Like the catalog and partition records it has no Country, CustomerID or
 * InvoiceDate, so it is in no index, and `isReservedRecord` drops it from scans.
 *
 * `Token` outlives release (release removes the holder's fields, not the item), so a later
 * holder always gets a larger token than any earlier one. `ExpiresAtMs` (epoch ms) is what
 * the conditions compare; DynamoDB has no clock of its own in expressions, so `:now` is the
 * writer's clock and hosts are assumed to agree within the lease's margin.
 */
export const LEASE_INVOICE_NO = '#lease';

const A = {
  holder: 'Holder',
  token: 'Token',
  nonce: 'Nonce',
  acquiredAt: 'AcquiredAt',
  heartbeatAt: 'HeartbeatAt',
  expiresAt: 'ExpiresAt',
  expiresAtMs: 'ExpiresAtMs',
  ttlMs: 'TtlMs',
} as const;

const NAMES = {
  '#holder': A.holder,
  '#token': A.token,
  '#nonce': A.nonce,
  '#acquired': A.acquiredAt,
  '#heartbeat': A.heartbeatAt,
  '#expires': A.expiresAt,
  '#expiresMs': A.expiresAtMs,
  '#ttl': A.ttlMs,
};

export function leaseKey(name: string): DynamoRecord {
  return { [ATTRIBUTE.invoiceNo]: { S: LEASE_INVOICE_NO }, [ATTRIBUTE.stockCode]: { S: name } };
}

/** True for a key (or record) of a lease item. */
export function isLeaseKey(key: DynamoRecord | undefined): boolean {
  return key?.[ATTRIBUTE.invoiceNo]?.S === LEASE_INVOICE_NO;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/**
 * Takes the lease if it is free (never held, released) or expired by `now`. `nonce` is this
 * acquire's own mark: if a retried request finds the lease held, the holder's nonce tells
 * whether it was our earlier attempt that got through (the answer lost on the way back).
 */
export function acquireRequest(table: string, name: string, owner: LeaseOwner, nonce: string, now: number, ttlMs: number, goneToken?: number): UpdateItemCommandInput {
  return {
    TableName: table,
    Key: leaseKey(name),
    UpdateExpression: 'SET #holder = :holder, #nonce = :nonce, #acquired = :now, #heartbeat = :now, #expires = :expires, #expiresMs = :expiresMs, #ttl = :ttl ADD #token :one',
    // A holder known to be gone is taken over by its token: if it was taken or renewed meanwhile, the token moved on.
    ConditionExpression: `attribute_not_exists(#holder) OR #expiresMs < :nowMs${goneToken === undefined ? '' : ' OR #token = :gone'}`,
    ExpressionAttributeNames: NAMES,
    ExpressionAttributeValues: {
      ...(goneToken !== undefined && { ':gone': { N: String(goneToken) } }),
      ':holder': { M: encodeOwner(owner) },
      ':nonce': { S: nonce },
      ':now': { S: iso(now) },
      ':nowMs': { N: String(now) },
      ':expires': { S: iso(now + ttlMs) },
      ':expiresMs': { N: String(now + ttlMs) },
      ':ttl': { N: String(ttlMs) },
      ':one': { N: '1' },
    },
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    ReturnConsumedCapacity: 'TOTAL',
  };
}

/**
 * Extends the lease held with `token`, if it still is: not released, not taken (the token
 * would have grown), not past its expiry (a lapsed lease is not revived, even when nobody
 * took it: its holder may already have stopped writing).
 */
export function heartbeatRequest(table: string, name: string, token: number, now: number, ttlMs: number): UpdateItemCommandInput {
  return {
    TableName: table,
    Key: leaseKey(name),
    UpdateExpression: 'SET #heartbeat = :now, #expires = :expires, #expiresMs = :expiresMs',
    ConditionExpression: '#token = :token AND attribute_exists(#holder) AND #expiresMs >= :nowMs',
    ExpressionAttributeNames: { '#token': A.token, '#holder': A.holder, '#heartbeat': A.heartbeatAt, '#expires': A.expiresAt, '#expiresMs': A.expiresAtMs },
    ExpressionAttributeValues: {
      ':token': { N: String(token) },
      ':now': { S: iso(now) },
      ':nowMs': { N: String(now) },
      ':expires': { S: iso(now + ttlMs) },
      ':expiresMs': { N: String(now + ttlMs) },
    },
    ReturnValues: 'ALL_NEW',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    ReturnConsumedCapacity: 'TOTAL',
  };
}

/** Frees the lease if `token` still holds it; keeps the item, and so its token. */
export function releaseRequest(table: string, name: string, token: number): UpdateItemCommandInput {
  return {
    TableName: table,
    Key: leaseKey(name),
    UpdateExpression: 'REMOVE #holder, #nonce, #acquired, #heartbeat, #expires, #expiresMs, #ttl',
    ConditionExpression: '#token = :token AND attribute_exists(#holder)',
    ExpressionAttributeNames: NAMES,
    ExpressionAttributeValues: { ':token': { N: String(token) } },
    ReturnConsumedCapacity: 'TOTAL',
  };
}

function encodeOwner(owner: LeaseOwner): DynamoRecord {
  return {
    RunId: { S: owner.runId },
    ...(owner.host !== undefined ? { Host: { S: owner.host } } : {}),
    ...(owner.pid !== undefined ? { Pid: { N: String(owner.pid) } } : {}),
    ...(owner.executionArn !== undefined ? { ExecutionArn: { S: owner.executionArn } } : {}),
  };
}

function decodeOwner(record: DynamoRecord): LeaseOwner {
  return {
    runId: record.RunId?.S ?? '',
    ...(record.Host?.S !== undefined ? { host: record.Host.S } : {}),
    ...(record.Pid?.N !== undefined ? { pid: Number(record.Pid.N) } : {}),
    ...(record.ExecutionArn?.S !== undefined ? { executionArn: record.ExecutionArn.S } : {}),
  };
}

/** The holder in a lease item; undefined when the lease is free (or the item absent). */
export function decodeHolder(record: DynamoRecord | undefined): LeaseHolder | undefined {
  const holder = record?.[A.holder]?.M;
  if (!record || !holder) return undefined;
  return {
    owner: decodeOwner(holder),
    token: Number(record[A.token]?.N ?? 0),
    acquiredAt: record[A.acquiredAt]?.S ?? '',
    heartbeatAt: record[A.heartbeatAt]?.S ?? '',
    expiresAt: record[A.expiresAt]?.S ?? '',
  };
}

/** Epoch ms the stored lease expires at (what the conditions compare). */
export function expiresAtMs(record: DynamoRecord | undefined): number {
  return Number(record?.[A.expiresAtMs]?.N ?? 0);
}

export function nonceOf(record: DynamoRecord | undefined): string | undefined {
  return record?.[A.nonce]?.S;
}

/** The life its owner acquired the lease with, ms: every heartbeat of the lease extends it by this much. */
export function ttlOf(record: DynamoRecord | undefined): number {
  return Number(record?.[A.ttlMs]?.N ?? 0);
}

export function tokenOf(record: DynamoRecord | undefined): number {
  return Number(record?.[A.token]?.N ?? 0);
}
