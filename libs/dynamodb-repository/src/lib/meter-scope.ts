import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CapacityMeter } from './capacity';

type Middleware = Parameters<DynamoDBClient['middlewareStack']['addRelativeTo']>[0];
/** A finalizeRequest middleware, spelled out as in lease/fence.ts (the stack's parameter type is a union of every step's). */
type Finalize = <Args extends { input: object }, Output>(next: (args: Args) => Promise<Output>, context: { commandName?: string }) => (args: Args) => Promise<Output>;

/** Reads and writes booked apart, as the results that report `readCapacity` and `writeCapacity` need. */
export interface ReadWriteMeters {
  reads: CapacityMeter;
  writes: CapacityMeter;
}

/** Where one scope books its requests; scopes nest, and a request is booked in every enclosing one. */
interface Scope {
  readonly sink: CapacityMeter | ReadWriteMeters;
  readonly parent: Scope | undefined;
}

/** The commands booked as reads on `ReadWriteMeters`; every other command is a write. */
const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);

const scopes = new AsyncLocalStorage<Scope>();
const metered = new WeakSet<DynamoDBClient>();

/**
 * Makes `client` book every request it sends, and the `ConsumedCapacity` of each answer, on
 * the meters of the `withMeter` scope the request was sent from (none: nothing is booked).
 * Metering then rides the client, as lib-dynamodb's middleware does, instead of a `meter`
 * option threaded through every call; concurrent calls through one client keep their own
 * figures, since each scope follows its own async context. Safe to call again (adds the
 * middleware once per client).
 *
 * The middleware sits right after signing, after the SDK's retry middleware: each attempt that
 * leaves the process counts as a request (the SDK's own retries too), and a write that
 * `fenceWrites` stopped does not.
 */
export function meterCapacity(client: DynamoDBClient): DynamoDBClient {
  if (metered.has(client)) return client;
  metered.add(client);
  const book: Finalize = (next, context) => async (args) => {
    // Read before awaiting: the scope is the caller's, whatever context the answer comes back on.
    const scope = scopes.getStore();
    if (!scope) return next(args);
    const meters = metersOf(scope, context.commandName);
    for (const meter of meters) meter.requests += 1;
    const result = await next(args);
    const consumed = (result as { output?: { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] } }).output?.ConsumedCapacity;
    for (const meter of meters) meter.add(consumed);
    return result;
  };
  client.middlewareStack.addRelativeTo(book as Middleware, {
    name: 'ecomlakeCapacityMeter',
    relation: 'after',
    toMiddleware: 'httpSigningMiddleware',
    override: true,
  });
  return client;
}

/**
 * Runs `fn` with `sink` as the meter of every request it sends, directly or through any call it
 * makes, through clients given to `meterCapacity`. Inside another scope, requests are booked in
 * both: a run's meter sees its stages' figures, each stage its own.
 */
export function withMeter<T>(sink: CapacityMeter | ReadWriteMeters, fn: () => Promise<T>): Promise<T> {
  return scopes.run({ sink, parent: scopes.getStore() }, fn);
}

/** The meters a request of `command` is booked on, innermost scope first. */
function metersOf(scope: Scope, command: string | undefined): CapacityMeter[] {
  const meters: CapacityMeter[] = [];
  for (let at: Scope | undefined = scope; at; at = at.parent) {
    const { sink } = at;
    if ('add' in sink) meters.push(sink);
    else meters.push(command !== undefined && READS.has(command) ? sink.reads : sink.writes);
  }
  return meters;
}
