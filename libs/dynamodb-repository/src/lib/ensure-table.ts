import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceInUseException,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { TableNotFoundError, TableSchemaMismatchError } from './errors';
import { schemaDifferences } from './schema-diff';
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

export interface EnsureTableResult {
  /** True if this call created the table. */
  created: boolean;
  table: TableDescription;
}

/**
 * Creates the table if it is missing and waits until it and its indexes are ACTIVE.
 * An existing table must match the spec's keys and indexes, else TableSchemaMismatchError.
 */
export async function ensureTable(client: DynamoDBClient, spec: TableSpec, options: WaitOptions = {}): Promise<EnsureTableResult> {
  let created = false;
  let table = await describeTable(client, spec.name, options.signal);
  if (!table) {
    try {
      await send(client, spec.name, (abortSignal) => client.send(new CreateTableCommand(createTableInput(spec)), { abortSignal }), options);
      created = true;
    } catch (error) {
      // Someone else created it between our describe and create: check theirs instead.
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  table = await waitUntilActive(client, spec.name, options);
  const differences = schemaDifferences(table, spec);
  if (differences.length > 0) throw new TableSchemaMismatchError(spec.name, differences);
  return { created, table };
}

/** Deletes the table and waits until it is gone. Returns false if it did not exist. */
export async function deleteTable(client: DynamoDBClient, name: string, options: WaitOptions = {}): Promise<boolean> {
  try {
    await send(client, name, (abortSignal) => client.send(new DeleteTableCommand({ TableName: name }), { abortSignal }), options);
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
    const output = await send(client, name, (abortSignal) => client.send(new DescribeTableCommand({ TableName: name }), { abortSignal }), { signal });
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
