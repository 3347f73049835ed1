import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  createCapacityMeter,
  describeTable,
  indexQuery,
  indexScan,
  isMissingIndexError,
  tableScan,
  TableNotFoundError,
  readCountries,
  withMeter,
  type OrderField,
  type OrderRow,
} from '@ecomlake/dynamodb-repository';
import { mapConcurrent } from '@ecomlake/util';
import { splitDays, type DayRange } from './days';
import { CatalogMissingError, IndexMissingError } from './errors';
import { samePlan, type QueryDefinition, type QueryResult, type QueryStats, type ReadPlan } from './definition';

export interface RunOptions {
  signal?: AbortSignal;
  /** Requests in flight: Query sub-ranges or partitions, or scan segments. Default 4. */
  parallelism?: number;
  /**
   * Segments of a parallel scan, read `parallelism` at a time. Default `'auto'`: one per
   * ~4,000 entries of the index, or items of the table when it has no such index (their
   * ItemCount, one DescribeTable), 1–512. DynamoDB Local's
   * cost per page grows with the page's position in a segment, so a scan costs ~quadratic
   * in its length: 128 segments read the full dataset's CountryIndex in 14 s, 16 in 48 s,
   * one in minutes (tools/bench dynamodb).
   */
  segments?: number | 'auto';
  /**
   * Days per sub-range when a big partition's date range is split, so its parts are read
   * `parallelism` at a time. Default 31: on AWS a Query streams 1 MB pages at the server's
   * pace, and monthly parts parallelise a long range without many tiny requests (each costs
   * at least 0.5 RCU). DynamoDB Local wants 3 (see `DYNAMODB_LOCAL_QUERIES`).
   */
  splitDays?: number;
}

/**
 * Runs one query definition and reports what it cost. A scan, or a question about dates
 * across every country, reads the plan's index when the table has it and the table's order
 * items otherwise (a default table has no CountryIndex); a Query of named partitions of an
 * index the table lacks throws `IndexMissingError`, naming the option that creates it.
 */
export async function runQuery<Result>(
  client: DynamoDBClient,
  table: string,
  definition: QueryDefinition<Result>,
  options: RunOptions = {},
): Promise<QueryResult<Result>> {
  const [data, stats] = await runShared(client, table, [definition], options);
  return { data: data[0] as Result, stats };
}

type Results<Definitions extends readonly QueryDefinition<unknown>[]> = {
  [K in keyof Definitions]: Definitions[K] extends QueryDefinition<infer R> ? R : never;
};

/**
 * Answers several scan-based queries with ONE read of the table: their projections are
 * merged and every row is handed to each. They must scan the same index and day range.
 */
export async function runScanPass<const Definitions extends readonly QueryDefinition<unknown>[]>(
  client: DynamoDBClient,
  table: string,
  definitions: Definitions,
  options: RunOptions = {},
): Promise<{ data: Results<Definitions>; stats: QueryStats }> {
  const [data, stats] = await runShared(client, table, definitions, options);
  return { data: data as Results<Definitions>, stats };
}

async function runShared(
  client: DynamoDBClient,
  table: string,
  definitions: readonly QueryDefinition<unknown>[],
  options: RunOptions,
): Promise<[unknown[], QueryStats]> {
  const started = Date.now();
  const plan = definitions[0].plan;
  for (const other of definitions.slice(1)) {
    if (!samePlan(other.plan, plan) || plan.kind !== 'scan') {
      throw new RangeError(`${other.name} cannot share a read with ${definitions[0].name}: only scans of the same index and range can.`);
    }
  }
  const accumulators = definitions.map((definition) => definition.init());
  const fields = [...new Set(definitions.flatMap((definition) => definition.fields))];
  const counts = { pages: 0, items: 0 };
  const meter = createCapacityMeter();
  const consume = (rows: OrderRow[]) => {
    counts.pages += 1;
    counts.items += rows.length;
    for (const row of rows) definitions.forEach((definition, i) => definition.add(accumulators[i], row));
  };
  const context = { client, table, fields, options, consume };
  // The query's figures: every request of its plan books on this meter (and in the caller's scopes).
  await withMeter(meter, async () => {
    if (plan.kind === 'scan') {
      await scanPlan(plan, context);
      return;
    }
    // No DescribeTable first (a Lambda that only queries needs no right to it): a table
    // without the index refuses the first request, before any row is read.
    try {
      await queryPlan(plan, context);
    } catch (error) {
      if (!isMissingIndexError(error) || counts.pages > 0) throw error;
      // A question about dates across every country is a filter of the whole table; a Query
      // of named partitions (a country, a customer) needs its index.
      if (plan.partitions !== 'all') throw new IndexMissingError(definitions[0].name, table, plan.index);
      await scanPlan({ kind: 'scan', index: plan.index, range: plan.range }, context, false);
    }
  });
  const stats: QueryStats = {
    requests: meter.requests,
    pages: counts.pages,
    items: counts.items,
    consumedCapacity: meter.capacityUnits,
    ms: Date.now() - started,
  };
  return [definitions.map((definition, i) => definition.finish(accumulators[i])), stats];
}

interface Context {
  client: DynamoDBClient;
  table: string;
  fields: OrderField[];
  options: RunOptions;
  consume(rows: OrderRow[]): void;
}

/**
 * A parallel scan of the plan's index when the table has it (its entries are smaller than
 * items), else of the table's order items, which hold every attribute an index would
 * (`withIndex` false: known absent). A day range is a filter either way: it does not make the
 * scan cheaper (every entry is still read), only the answer smaller.
 */
async function scanPlan(plan: Extract<ReadPlan, { kind: 'scan' }>, context: Context, withIndex?: boolean): Promise<void> {
  const { parallelism = 4, segments = 'auto' } = context.options;
  const read = { table: context.table, range: plan.range, fields: context.fields };
  const run = async (index: boolean, count: number): Promise<void> => {
    const scan = index ? indexScan({ ...read, index: plan.index }) : tableScan(read);
    const pages = scan.parallelPages(context.client, { segments: count, concurrency: parallelism, signal: context.options.signal });
    for await (const page of pages) context.consume(page.rows);
  };
  if (segments === 'auto') {
    // One DescribeTable says both whether the index is there and how big the read is.
    const table = await describeTable(context.client, context.table, context.options.signal);
    if (!table) throw new TableNotFoundError(context.table);
    const entries = table.GlobalSecondaryIndexes?.find((gsi) => gsi.IndexName === plan.index)?.ItemCount;
    const index = withIndex !== false && entries !== undefined;
    return run(index, Math.min(512, Math.max(1, Math.ceil((index ? entries : (table.ItemCount ?? 0)) / ENTRIES_PER_SEGMENT))));
  }
  if (withIndex === false) return run(false, segments);
  try {
    await run(true, segments);
  } catch (error) {
    if (!isMissingIndexError(error)) throw error;
    await run(false, segments);
  }
}

async function queryPlan(plan: Extract<ReadPlan, { kind: 'query' }>, context: Context): Promise<void> {
  const { parallelism = 4, splitDays: size = 31 } = context.options;
  const partitions = plan.partitions === 'all' ? await catalogPartitions(plan, context) : plan.partitions;
  const reads: { partition: string; range?: DayRange }[] = [];
  if (!plan.split) {
    for (const partition of partitions) reads.push({ partition, range: plan.range });
  } else {
    // Each partition's first and last date (two one-item reads), so sub-ranges cover only data.
    const bounds = await mapConcurrent(partitions, parallelism, (partition) => partitionBounds(plan, partition, context));
    partitions.forEach((partition, i) => {
      const found = bounds[i];
      if (found) for (const range of splitDays(found.from, found.to, size)) reads.push({ partition, range });
    });
  }
  await mapConcurrent(reads, parallelism, async (read) => {
    const query = indexQuery({ table: context.table, index: plan.index, partition: read.partition, range: read.range, fields: context.fields });
    for await (const page of query.pages(context.client, { signal: context.options.signal })) context.consume(page.rows);
  });
}

/**
 * Every country of the table's catalog. An empty catalog is trusted only if CountryIndex is
 * empty too (one single-entry read): otherwise the answer would be a silent zero.
 */
async function catalogPartitions(plan: Extract<ReadPlan, { kind: 'query' }>, context: Context): Promise<string[]> {
  if (plan.index !== 'CountryIndex') throw new RangeError(`partitions 'all' needs CountryIndex, not ${plan.index}`);
  const countries = await readCountries(context.client, context.table, { signal: context.options.signal });
  if (countries.length > 0) return countries;
  const probe = indexScan({ table: context.table, index: plan.index, limit: 1 });
  for await (const page of probe.pages(context.client, { signal: context.options.signal })) {
    if (page.rows.length > 0) throw new CatalogMissingError(context.table);
  }
  return [];
}

/** Entries per scan segment that `'auto'` aims at (about one 1 MB page of index entries). */
const ENTRIES_PER_SEGMENT = 4_000;

/** The first and last day with data in a partition's range (two one-item reads), or undefined if none. */
async function partitionBounds(plan: Extract<ReadPlan, { kind: 'query' }>, partition: string, context: Context): Promise<Required<DayRange> | undefined> {
  const edge = async (order: 'ascending' | 'descending') => {
    const query = indexQuery({ table: context.table, index: plan.index, partition, range: plan.range, fields: ['invoiceDate'], order, limit: 1 });
    for await (const row of query.rows(context.client, { signal: context.options.signal })) return row.invoiceDay;
    return undefined;
  };
  const [from, to] = await Promise.all([edge('ascending'), edge('descending')]);
  return from && to ? { from, to } : undefined;
}
