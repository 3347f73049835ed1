import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { TableNotFoundError, TableSchemaMismatchError } from './errors';
import { extraIndexes, schemaDifferences } from './schema-diff';
import { send } from './send';
import { sleep } from './sleep';
import { createTableInput, type TableSpec } from './table-spec';

export interface WaitOptions {
  signal?: AbortSignal;
  /** Delay between status checks. Default 500 ms (DynamoDB Local is ACTIVE at once; AWS takes seconds). */
  pollMs?: number;
  /** Give up after this long. Default 300 000 ms. */
  timeoutMs?: number;
}

/** An index the existing table has and the spec does not: kept, reported, with the command that drops it. */
export interface ExtraIndex {
  name: string;
  /** What it costs and how to drop it (or keep it), in one line for a log. */
  note: string;
  /** The aws CLI command that drops it (run it yourself: nothing here drops an index). */
  dropCommand: string;
}

export interface EnsureTableResult {
  /** True if this call created the table. */
  created: boolean;
  table: TableDescription;
  /** Indexes of an existing table that the spec does not have (e.g. CountryIndex on a table created before it was opt-in). Empty when none. */
  extraIndexes: ExtraIndex[];
}

/**
 * Creates the table if it is missing and waits until it and its indexes are ACTIVE.
 * An existing table must match the spec's keys and indexes, else TableSchemaMismatchError.
 * Indexes it has beyond the spec are no mismatch: they are reported in `extraIndexes` with
 * the command that drops them, and never dropped here (the table is the user's).
 */
export async function ensureTable(client: DynamoDBClient, spec: TableSpec, options: WaitOptions = {}): Promise<EnsureTableResult> {
  let created = false;
  let table = await describeTable(client, spec.name, options.signal);
  if (!table) {
    try {
      await send(client, spec.name, (abortSignal) => client.send(new CreateTableCommand(createTableInput(spec)), { abortSignal }), options, 'control');
      created = true;
    } catch (error) {
      // Someone else created it between our describe and create: check theirs instead.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  table = await waitUntilActive(client, spec.name, options);
  const differences = schemaDifferences(table, spec);
  if (differences.length > 0) throw new TableSchemaMismatchError(spec.name, differences);
  const extra = extraIndexes(table, spec);
  const target = extra.length > 0 ? await cliTarget(client) : {};
  return { created, table, extraIndexes: extra.map((name) => extraIndex(spec.name, name, target)) };
}

/** Where the aws CLI must point to reach the client's table: its region, and its endpoint when it is not AWS's. */
export interface CliTarget {
  region?: string;
  endpoint?: string;
}

/**
 * The aws CLI command that drops one global secondary index:
 * `aws dynamodb update-table --table-name orders --global-secondary-index-updates '[{"Delete":{"IndexName":"CountryIndex"}}]'`.
 * Table and index names are limited to `[A-Za-z0-9_.-]`, so the command needs no more quoting.
 */
export function dropIndexCommand(table: string, index: string, target: CliTarget = {}): string {
  const updates = JSON.stringify([{ Delete: { IndexName: index } }]);
  return [
    `aws dynamodb update-table --table-name ${table} --global-secondary-index-updates '${updates}'`,
    ...(target.region ? [`--region ${target.region}`] : []),
    ...(target.endpoint ? [`--endpoint-url ${target.endpoint}`] : []),
  ].join(' ');
}

function extraIndex(table: string, name: string, target: CliTarget): ExtraIndex {
  const dropCommand = dropIndexCommand(table, name, target);
  const why =
    name === 'CountryIndex'
      ? 'which no default question reads (the report reads aggregates): it costs 1 WCU of every item written, and on AWS its hottest key (one country holds most items) holds a load to one index partition\'s 1,000 writes/s'
      : 'which this spec does not define: every item written to the table is written to it too';
  const keep = name === 'CountryIndex' ? " To keep it, create the spec with { indexes: WITH_COUNTRY_INDEX } (the pipeline's --country-index)." : '';
  return { name, dropCommand, note: `table ${table} has index ${name}, ${why}. It is kept; to drop it, run: ${dropCommand}.${keep}` };
}

async function cliTarget(client: DynamoDBClient): Promise<CliTarget> {
  const region = await client.config.region();
  const endpoint = client.config.isCustomEndpoint && client.config.endpoint ? await client.config.endpoint() : undefined;
  const url = endpoint ? `${endpoint.protocol}//${endpoint.hostname}${endpoint.port !== undefined ? `:${endpoint.port}` : ''}${endpoint.path === '/' ? '' : endpoint.path}` : undefined;
  return { ...(region ? { region } : {}), ...(url ? { endpoint: url } : {}) };
}

/** Deletes the table and waits until it is gone. Returns false if it did not exist. */
export async function deleteTable(client: DynamoDBClient, name: string, options: WaitOptions = {}): Promise<boolean> {
  try {
    await send(client, name, (abortSignal) => client.send(new DeleteTableCommand({ TableName: name }), { abortSignal }), options, 'control');
  } catch (error) {
    if (error instanceof TableNotFoundError) return false;
    throw error;
  }
  await poll(options, async () => (await describeTable(client, name, options.signal)) === undefined, `table ${name} to be deleted`);
  return true;
}

/** The table's description, or undefined if it does not exist. */
export async function describeTable(client: DynamoDBClient, name: string, signal?: AbortSignal): Promise<TableDescription | undefined> {
  try {
    const output = await send(client, name, (abortSignal) => client.send(new DescribeTableCommand({ TableName: name }), { abortSignal }), { signal }, 'control');
    return output.Table;
  } catch (error) {
    if (error instanceof TableNotFoundError) return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, name: string, options: WaitOptions): Promise<TableDescription> {
  let table: TableDescription | undefined;
  await poll(
    options,
    async () => {
      table = await describeTable(client, name, options.signal);
      if (!table) throw new TableNotFoundError(name);
      const indexesActive = (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
      return table.TableStatus === 'ACTIVE' && indexesActive;
    },
    `table ${name} to become ACTIVE`,
  );
  return table as TableDescription;
}

async function poll(options: WaitOptions, done: () => Promise<boolean>, what: string): Promise<void> {
  const { pollMs = 500, timeoutMs = 300_000, signal } = options;
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; check the table in the console.`);
    await sleep(pollMs, signal);
  }
}
