import { AsyncLocalStorage } from 'node:async_hooks';
import type { CapacityMeter } from './capacity';

/** Reads and writes booked apart, as the results that report `readCapacity` and `writeCapacity` need. */
export interface ReadWriteMeters {
  reads: CapacityMeter;
  writes: CapacityMeter;
}

/**
 * What a request is, for metering: a `read` (GetItem, BatchGetItem, Query, Scan) or a `write`
 * books on that side of a `{ reads, writes }` sink; `control` (DescribeTable, DeleteTable: no
 * capacity) is not booked.
 */
export type RequestKind = 'read' | 'write' | 'control';

/** Where one scope books its requests; scopes nest, and a request is booked in every enclosing one. */
interface Scope {
  readonly sink: CapacityMeter | ReadWriteMeters;
  readonly parent: Scope | undefined;
}

const scopes = new AsyncLocalStorage<Scope>();

/**
 * Runs `fn` with `sink` as the meter of every request it sends, directly or through any call it
 * makes: `send` (send.ts), the one executor of every request here, books each request and the
 * `ConsumedCapacity` of its answer on the meters of the scopes it is sent from. Metering rides
 * the async context, as lib-dynamodb's middleware rides the client, instead of a `meter` option
 * threaded through every call; concurrent calls keep their own figures, since each scope follows
 * its own async context. Inside another scope, requests are booked in both (once each): a run's
 * meter sees its stages' figures, each stage its own.
 */
export function withMeter<T>(sink: CapacityMeter | ReadWriteMeters, fn: () => Promise<T>): Promise<T> {
  return scopes.run({ sink, parent: scopes.getStore() }, fn);
}

/**
 * `fn` run in the scopes current now, wherever it is called from later: for work begun now and
 * finished from another context (a lease's release books where its acquisition did).
 */
export function boundToScopes<A extends unknown[], T>(fn: (...args: A) => T): (...args: A) => T {
  return AsyncLocalStorage.bind(fn);
}

/** The meters a request of `kind` sent from here is booked on, innermost scope first (none outside every scope). */
export function scopeMeters(kind: RequestKind): CapacityMeter[] {
  const meters: CapacityMeter[] = [];
  if (kind === 'control') return meters;
  for (let at = scopes.getStore(); at; at = at.parent) {
    const { sink } = at;
    meters.push('add' in sink ? sink : kind === 'read' ? sink.reads : sink.writes);
  }
  return meters;
}
