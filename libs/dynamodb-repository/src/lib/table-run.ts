import { GetItemCommand, UpdateItemCommand, type DynamoDBClient, type UpdateItemCommandInput } from '@aws-sdk/client-dynamodb';
import { mapConcurrent } from '@ecomlake/util';
import { ATTRIBUTE } from './attributes';
import { createCapacityMeter } from './capacity';
import type { ReplaceCost } from './load-items';
import type { DynamoRecord } from './marshal';
import { withMeter } from './meter-scope';
import { headKey, isReservedInvoiceNo, partitionTag, readPartitionHeads, readPartitionKeys, type PartitionHead, type RecordOptions } from './partition-records';
import { sendWithRetries } from './retry';

/**
 * Ownership across runs. Within one run no invoice is in two partitions (a run checks its
 * partitions' invoices before it writes), so a key moves from one partition to another only
 * across runs of different file layouts, or in a run that did not finish. A partition that
 * lost keys that way still says `done` with its identity, and a rerun would skip it.
 *
 * The table says which case it is in with one record, the run marker:
 * - `committed`: the last run that wrote finished with its prune, so the table equals a
 *   fresh load of that run's input and every `done` head owns exactly its recorded keys: a
 *   run may skip on the head alone (no extra read);
 * - `writing`, or no marker (a table loaded by older code, or by `loadPartitions` alone):
 *   some partition may have lost keys. `beginTableRun` then reads every partition's key
 *   pages and marks `loading` each `done` partition that shares an invoice with another, so
 *   it loads again. A thief records a key in its pages before it writes it and forgets it
 *   only in a later run's replace or prune; so every theft is visible to the first run that
 *   starts after it, which persists what it finds before it marks the table `writing`.
 *
 * Runs that write must hold the table's lease (one writer at a time): the marker is not a lock.
 */
export type TableRunState = 'writing' | 'committed';

/** A run of writes to the table, as `beginTableRun` started it. Pass it to `loadPartitions` and `commitTableRun`. */
export interface TableRun {
  readonly table: string;
  readonly runId: string;
  /** True when the table was not committed, so every partition's keys were checked. */
  readonly checked: boolean;
  /** Ids of the `done` partitions that shared invoices with another and now load again. */
  readonly invalidated: readonly string[];
  /** What beginning cost: the marker's read and write, and any check's reads and invalidations. */
  readonly cost: ReplaceCost;
}

export interface TableRunOptions extends RecordOptions {
  /** Key pages read at once during a check. Default 8. */
  readonly concurrency?: number;
}

const MARKER_KEY: DynamoRecord = { [ATTRIBUTE.invoiceNo]: { S: '#run' }, [ATTRIBUTE.stockCode]: { S: 'marker' } };

/** The run marker, or undefined when the table has none. */
export async function readTableRunState(
  client: DynamoDBClient,
  table: string,
  options: RecordOptions = {},
): Promise<{ state: TableRunState; runId: string; at: string } | undefined> {
  const output = await sendWithRetries(
    client,
    table,
    (abortSignal) => client.send(new GetItemCommand({ TableName: table, Key: MARKER_KEY, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }), { abortSignal }),
    options,
    'read',
  );
  const item = output.Item;
  if (!item) return undefined;
  return { state: item.State?.S === 'committed' ? 'committed' : 'writing', runId: item.RunId?.S ?? '', at: item.At?.S ?? '' };
}

/**
 * Starts a run of writes: if the table is not committed, finds and invalidates partitions
 * that may have lost keys (see above); then marks the table `writing` for this run. Call it
 * under the table's lease, before the run's first write.
 */
export async function beginTableRun(client: DynamoDBClient, table: string, runId: string, options: TableRunOptions = {}): Promise<TableRun> {
  const reads = createCapacityMeter();
  const writes = createCapacityMeter();
  // Its cost, reads and writes by command: every request below books here (and in the caller's scopes).
  const { checked, invalidated } = await withMeter({ reads, writes }, async () => {
    const marker = await readTableRunState(client, table, options);
    let invalidated: string[] = [];
    const checked = marker?.state !== 'committed';
    if (checked) {
      const heads = await readPartitionHeads(client, table, options);
      const suspects = await sharingPartitions(client, table, heads, options);
      invalidated = await invalidatePartitions(client, table, suspects.filter((head) => head.state === 'done'), options);
    }
    await writeMarker(client, table, 'writing', runId, options);
    return { checked, invalidated };
  });
  return {
    table, runId, checked, invalidated,
    cost: { readRequests: reads.requests, readCapacity: reads.capacityUnits, writeRequests: writes.requests, writeCapacity: writes.capacityUnits },
  };
}

/**
 * Marks the table `committed` by this run: call it once the run's every partition is loaded
 * and its prune is done, so the table equals a fresh load of exactly the run's input. Fails
 * (ConditionalCheckFailedException) if another run began since: its marker is left alone.
 */
export async function commitTableRun(client: DynamoDBClient, run: TableRun, options: RecordOptions = {}): Promise<void> {
  await writeMarker(client, run.table, 'committed', run.runId, options, true);
}

/**
 * Marks partitions `loading`, so the next load of each loads it again whatever its identity:
 * the repair when the table's items are wrong but the heads say otherwise (a table written by
 * hand, a failed verification). `ids` undefined: every partition. Returns the ids marked.
 */
export async function invalidatePartitionHeads(
  client: DynamoDBClient,
  table: string,
  ids: readonly string[] | undefined,
  options: RecordOptions = {},
): Promise<string[]> {
  const heads = await readPartitionHeads(client, table, options);
  const wanted = ids && new Set(ids.map(partitionTag));
  return invalidatePartitions(client, table, [...heads.values()].filter((head) => !wanted || wanted.has(head.tag)), options);
}

/** Ensures the table is not `committed` before a write that is not part of a run (1 WCU). */
export async function markTableWriting(client: DynamoDBClient, table: string, options: RecordOptions = {}): Promise<void> {
  await writeMarker(client, table, 'writing', '', options);
}

/** The heads that share at least one invoice with another head's recorded keys (aggregate records excepted). */
async function sharingPartitions(
  client: DynamoDBClient,
  table: string,
  heads: ReadonlyMap<string, PartitionHead>,
  options: TableRunOptions,
): Promise<PartitionHead[]> {
  const owner = new Map<string, string>();
  const sharing = new Set<string>();
  await mapConcurrent([...heads.values()], options.concurrency ?? 8, async (head) => {
    const { keys } = await readPartitionKeys(client, table, head.tag, options);
    for (const key of keys) {
      const invoice = key.slice(0, key.indexOf('\u0000'));
      if (isReservedInvoiceNo(invoice)) continue;
      const other = owner.get(invoice);
      if (other === undefined) owner.set(invoice, head.tag);
      else if (other !== head.tag) sharing.add(other).add(head.tag);
    }
  });
  return [...sharing].map((tag) => heads.get(tag)).filter((head): head is PartitionHead => head !== undefined);
}

async function invalidatePartitions(client: DynamoDBClient, table: string, heads: readonly PartitionHead[], options: RecordOptions): Promise<string[]> {
  const ids: string[] = [];
  for (const head of heads) {
    try {
      await update(client, {
        TableName: table,
        Key: headKey(head.tag),
        UpdateExpression: 'SET #state = :loading',
        ConditionExpression: 'attribute_exists(#pk)',
        ExpressionAttributeNames: { '#state': 'State', '#pk': ATTRIBUTE.invoiceNo },
        ExpressionAttributeValues: { ':loading': { S: 'loading' } },
      }, options);
      ids.push(head.id);
    } catch (error) {
      // Removed meanwhile: nothing of it is left to distrust.
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
    }
  }
  return ids;
}

async function writeMarker(client: DynamoDBClient, table: string, state: TableRunState, runId: string, options: RecordOptions, ownRun = false): Promise<void> {
  await update(client, {
    TableName: table,
    Key: MARKER_KEY,
    UpdateExpression: 'SET #state = :state, #run = :run, #at = :at',
    ...(ownRun && { ConditionExpression: '#run = :run' }),
    ExpressionAttributeNames: { '#state': 'State', '#run': 'RunId', '#at': 'At' },
    ExpressionAttributeValues: { ':state': { S: state }, ':run': { S: runId }, ':at': { S: new Date().toISOString() } },
  }, options);
}

/** One UpdateItem, built as data by the caller, metered and retried like every request here. */
async function update(client: DynamoDBClient, input: Omit<UpdateItemCommandInput, 'ReturnConsumedCapacity'>, options: RecordOptions): Promise<void> {
  const table = input.TableName ?? '';
  await sendWithRetries(client, table, (abortSignal) => client.send(new UpdateItemCommand({ ...input, ReturnConsumedCapacity: 'TOTAL' }), { abortSignal }), options);
}
