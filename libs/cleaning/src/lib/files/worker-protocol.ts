import type { PartitionData } from '../clean/partition-data';
import * as errors from '../errors';
import type { ReadOptions } from '../clean/clean-bytes';
import type { CleanOptions } from '../options';

/** What a partition worker is started with. */
export interface WorkerJob {
  files: readonly string[];
  /** File indexes in the order to claim them (largest first balances the threads). */
  order: readonly number[];
  /** Shared claim counter: `Atomics.add(counter, 0, 1)` gives the next position in `order`. */
  counter: SharedArrayBuffer;
  options: CleanOptions & ReadOptions;
}

/** Worker → main. `strings` holds only the dictionary entries added since the last message. */
export type WorkerMessage =
  | { kind: 'partition'; index: number; data: Omit<PartitionData, 'strings'>; strings: string[] }
  | { kind: 'done' }
  | { kind: 'error'; error: SerializedError };

export interface SerializedError {
  name: string;
  message: string;
  props: Record<string, unknown>;
}

/** Errors cross threads as plain data; typed ones are rebuilt so callers can `instanceof` them. */
export function serializeError(error: unknown): SerializedError {
  const e = error instanceof Error ? error : new Error(String(error));
  return { name: e.name, message: e.message, props: { ...e } };
}

type ErrorClass = new (...args: never[]) => Error;

/**
 * The typed errors a worker can send back, by name: every Error subclass exported from
 * errors.ts, so a new error class there is registered without another edit. Each class
 * sets `this.name` to its own class name, which is the key `serializeError` sends.
 */
export const ERROR_TYPES: ReadonlyMap<string, ErrorClass> = new Map(
  Object.values<unknown>(errors)
    .filter((value): value is ErrorClass => typeof value === 'function' && value.prototype instanceof Error)
    .map((type) => [type.name, type]),
);

export function deserializeError(s: SerializedError): Error {
  const type = ERROR_TYPES.get(s.name);
  const error: Error = type ? Object.create(type.prototype) : new Error(s.message);
  Object.assign(error, s.props, { name: s.name, message: s.message });
  if (type) error.stack = `${s.name}: ${s.message}\n    (in a cleaning worker thread)`;
  return error;
}
