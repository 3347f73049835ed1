import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  GetItemCommand,
  type BatchGetItemCommandOutput,
  type BatchWriteItemCommandOutput,
  type DynamoDBClient,
  type KeysAndAttributes,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { ATTRIBUTE } from './attributes';
import { MAX_BATCH_SIZE } from './batches';
import type { DynamoRecord } from './marshal';
import { queryItems } from './paginate';
import { sendWithRetries, type RetryOptions } from './retry';
import { deadlineOf, type CallOptions } from './send';

/**
 * What the table remembers of each loaded partition, so a rerun can skip it, replace it
 * exactly, or remove it. Two kinds of reserved records, outside every index (they have no
 * Country, CustomerID or InvoiceDate):
 *
 * - a head per partition: PK `#partition`, SK its tag; the partition id, the identity of
 *   the content last loaded (or being loaded), its state and key count (~200 bytes, 1 WCU);
 * - its key pages: PK `#keys#<tag>`, SK `0`, `1`, …: the keys of every item the partition
 *   may have in the table, gzipped JSON (~4 bytes a key on the real data), ≤ 350 KB a page.
 *
 * - its summary: PK `#summary#<tag>`, SK `0`; the caller's description of the version last
 *   loaded (e.g. `runPartition`'s result), gzipped, with the identity it describes. Not in the
 *   head: `readPartitionHeads` reads every head, and a read is billed by item size. Written
 *   in the same request as the head's `done`, read with the head in one BatchGetItem.
 *
 * Every item a partition writes carries its tag in `Partition`, so deleting a stale item is
 * conditional on still belonging to that partition: a key that moved to another partition
 * is never deleted by the one it left, whatever order they load in.
 */
export const PARTITION_ATTRIBUTE = 'Partition';

const HEADS = '#partition';
const KEY_PAGES = '#keys#';
const SUMMARIES = '#summary#';
/** Gzipped summary bytes at most: a larger summary is not stored (readers then find none). */
const SUMMARY_BYTES = 350_000;
/** Raw JSON bytes per key page before gzip; gzip never grows it past DynamoDB's 400 KB. */
const PAGE_BYTES = 350_000;

export type PartitionState = 'loading' | 'done';

export interface PartitionHead {
  /** The caller's partition id, e.g. `2011-12-09.csv`. */
  id: string;
  /** Short stable hash of the id, stored on the partition's items. */
  tag: string;
  /** Everything that shaped the items (see `LoadPartition.identity`). */
  identity: string;
  /** `loading` from before the first item is written until the partition is exact. */
  state: PartitionState;
  /** Keys in its pages. */
  keyCount: number;
  /** Format version of the aggregates loaded with it (see aggregates/records.ts); absent if none were. */
  aggregates?: number;
  /** Set by `rebuildAggregates` (its run id) on a partition whose items it counted; any later load of the partition drops it. */
  rebuiltBy?: string;
}

/** The tag stored on a partition's items: 96 bits of SHA-256 of its id, base64url. */
export function partitionTag(id: string): string {
  return createHash('sha256').update(id).digest('base64url').slice(0, 16);
}

/** True for an InvoiceNo reserved for the table's own records (catalog, partition records). */
export function isReservedInvoiceNo(invoiceNo: string): boolean {
  return invoiceNo.startsWith('#');
}

/** True for the table's own records (catalog, partition heads, key pages and summaries), which a Scan returns with the orders. */
export function isReservedRecord(record: DynamoRecord): boolean {
  return isReservedInvoiceNo(record[ATTRIBUTE.invoiceNo]?.S ?? '');
}

function recordKey(invoiceNo: string, stockCode: string): DynamoRecord {
  return { [ATTRIBUTE.invoiceNo]: { S: invoiceNo }, [ATTRIBUTE.stockCode]: { S: stockCode } };
}

export type RecordOptions = CallOptions & RetryOptions;

/** Every partition head, by tag (strongly consistent: a rerun must see the last run's writes). */
export async function readPartitionHeads(client: DynamoDBClient, table: string, options: RecordOptions = {}): Promise<Map<string, PartitionHead>> {
  const heads = new Map<string, PartitionHead>();
  const records = queryItems(
    client,
    {
      TableName: table,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': ATTRIBUTE.invoiceNo },
      ExpressionAttributeValues: { ':pk': { S: HEADS } },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    },
    options,
  );
  for await (const record of records) {
    const head = decodeHead(record);
    heads.set(head.tag, head);
  }
  return heads;
}

/**
 * One partition's head, by key (undefined if it was never loaded or was removed). Strongly
 * consistent, like `readPartitionHeads`: a rerun right after a crash must see the crashed
 * head. Costs 1 RCU however many partitions the table holds (AWS charges 1 RCU for a
 * strongly consistent read of an item under 4 KB, and for one that is not there).
 */
export async function readPartitionHead(client: DynamoDBClient, table: string, id: string, options: RecordOptions = {}): Promise<PartitionHead | undefined> {
  const output = await sendWithRetries(
    client,
    table,
    (abortSignal) =>
      client.send(new GetItemCommand({ TableName: table, Key: headKey(partitionTag(id)), ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }), {
        abortSignal,
      }),
    options,
    'read',
  );
  return output.Item ? decodeHead(output.Item) : undefined;
}

function decodeHead(record: DynamoRecord): PartitionHead {
  return {
    id: record.PartitionId?.S ?? '',
    tag: record[ATTRIBUTE.stockCode]?.S ?? '',
    identity: record.Identity?.S ?? '',
    state: record.State?.S === 'done' ? 'done' : 'loading',
    keyCount: Number(record.KeyCount?.N ?? 0),
    ...(record.Aggregates?.N !== undefined ? { aggregates: Number(record.Aggregates.N) } : {}),
    ...(record.RebuiltBy?.S !== undefined ? { rebuiltBy: record.RebuiltBy.S } : {}),
  };
}

/** A partition's head as the record stored for it. */
export function headRecord(head: PartitionHead): DynamoRecord {
  return {
    ...recordKey(HEADS, head.tag),
    PartitionId: { S: head.id },
    Identity: { S: head.identity },
    State: { S: head.state },
    KeyCount: { N: String(head.keyCount) },
    ...(head.aggregates !== undefined ? { Aggregates: { N: String(head.aggregates) } } : {}),
    ...(head.rebuiltBy !== undefined ? { RebuiltBy: { S: head.rebuiltBy } } : {}),
  };
}

export function headKey(tag: string): DynamoRecord {
  return recordKey(HEADS, tag);
}

/** The key page records `0…n-1` recording these keys. */
export function keyPageRecords(tag: string, keys: Iterable<string>): DynamoRecord[] {
  return encodeKeyPages(keys).map((page, index) => ({ ...keyPageKey(tag, index), Keys: { B: page } }));
}

export function keyPageKey(tag: string, index: number): DynamoRecord {
  return recordKey(KEY_PAGES + tag, String(index));
}

export interface PartitionKeys {
  /** Item keys as `itemKey` gives them. */
  keys: Set<string>;
  /** The key page records' own keys, as stored (to delete them). */
  pageKeys: DynamoRecord[];
}

/** The keys recorded for a partition (empty if none), from all its pages. */
export async function readPartitionKeys(client: DynamoDBClient, table: string, tag: string, options: RecordOptions = {}): Promise<PartitionKeys> {
  const keys = new Set<string>();
  const pageKeys: DynamoRecord[] = [];
  const records = queryItems(
    client,
    {
      TableName: table,
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': ATTRIBUTE.invoiceNo },
      ExpressionAttributeValues: { ':pk': { S: KEY_PAGES + tag } },
      ConsistentRead: true,
      ReturnConsumedCapacity: 'TOTAL',
    },
    options,
  );
  for await (const record of records) {
    pageKeys.push(recordKey(KEY_PAGES + tag, record[ATTRIBUTE.stockCode]?.S ?? ''));
    for (const key of decodeKeyPage(record.Keys?.B)) keys.add(key);
  }
  return { keys, pageKeys };
}

/**
 * Puts and deletes records with BatchWriteItem (25 a request; UnprocessedItems sent again
 * under the one retry policy, see `withRetries`). The order within one call is not
 * guaranteed: callers that need an order make several calls.
 */
export async function writeRecords(
  client: DynamoDBClient,
  table: string,
  changes: { puts?: readonly DynamoRecord[]; deletes?: readonly DynamoRecord[] },
  options: RecordOptions = {},
): Promise<void> {
  const { maxAttempts = 10 } = options;
  const requests: WriteRequest[] = [
    ...(changes.puts ?? []).map((Item) => ({ PutRequest: { Item } })),
    ...(changes.deletes ?? []).map((Key) => ({ DeleteRequest: { Key } })),
  ];
  // One deadline for the whole call, however many requests it takes.
  const call = { ...options, deadline: deadlineOf(options) };
  for (let start = 0; start < requests.length; start += MAX_BATCH_SIZE) {
    let pending = requests.slice(start, start + MAX_BATCH_SIZE);
    const unprocessed = (output: BatchWriteItemCommandOutput) => (pending = output.UnprocessedItems?.[table] ?? []).length > 0;
    await sendWithRetries(
      client,
      table,
      (abortSignal) => client.send(new BatchWriteItemCommand({ RequestItems: { [table]: pending }, ReturnConsumedCapacity: 'TOTAL' }), { abortSignal }),
      call,
      'write',
      unprocessed,
    );
    if (pending.length > 0) throw new Error(`${pending.length} of the table's own records were not written after ${maxAttempts} attempts (throttled).`);
  }
}

export interface StaleDeletion {
  /** Items deleted. */
  deleted: number;
  /** Keys left alone: already gone, or now written by another partition. */
  kept: number;
}

/**
 * Deletes the given keys' items if they still belong to the partition (`Partition = tag`),
 * `concurrency` requests at a time. DeleteItem, not BatchWriteItem: only a single delete can
 * carry that condition, and stale keys are few (a corrected file) or a whole partition
 * removed once.
 */
export async function deleteStaleItems(
  client: DynamoDBClient,
  table: string,
  tag: string,
  keys: readonly string[],
  options: RecordOptions & { concurrency?: number } = {},
): Promise<StaleDeletion> {
  const { concurrency = 8 } = options;
  const outcome: StaleDeletion = { deleted: 0, kept: 0 };
  const deleteOne = async (key: string): Promise<void> => {
    const [invoiceNo, stockCode] = key.split('\u0000');
    try {
      await sendWithRetries(
        client,
        table,
        (abortSignal) =>
          client.send(
            new DeleteItemCommand({
              TableName: table,
              Key: recordKey(invoiceNo, stockCode),
              ConditionExpression: '#partition = :tag',
              ExpressionAttributeNames: { '#partition': PARTITION_ATTRIBUTE },
              ExpressionAttributeValues: { ':tag': { S: tag } },
              ReturnConsumedCapacity: 'INDEXES',
            }),
            { abortSignal },
          ),
        options,
      );
      outcome.deleted += 1;
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      outcome.kept += 1;
    }
  };
  // Rounds of `concurrency` deletes: simple, and stale keys are rarely many.
  for (let start = 0; start < keys.length; start += concurrency) {
    await Promise.all(keys.slice(start, start + concurrency).map(deleteOne));
  }
  return outcome;
}

/** What the table keeps of a partition's last loaded version besides its keys (see `LoadPartition.summary`). */
export interface PartitionSummary {
  /** The identity of the version it describes: trust it only when that is the identity wanted. */
  identity: string;
  /** The caller's text, as given. */
  text: string;
}

/** A partition's head and summary, as one strongly consistent read found them. */
export interface StoredPartition {
  /** Undefined if the partition was never loaded or was removed. */
  head?: PartitionHead;
  /** Undefined if none was stored (a load that gave none, a table from before summaries, or one too large). */
  summary?: PartitionSummary;
}

export function summaryKey(tag: string): DynamoRecord {
  return recordKey(SUMMARIES + tag, '0');
}

/** The summary record of a partition, or undefined when gzip leaves it over SUMMARY_BYTES (it is then not stored). */
export function summaryRecord(tag: string, identity: string, text: string): DynamoRecord | undefined {
  const bytes = gzipSync(text);
  if (bytes.length > SUMMARY_BYTES) return undefined;
  return { ...summaryKey(tag), Identity: { S: identity }, Summary: { B: bytes } };
}

function decodeSummary(record: DynamoRecord): PartitionSummary | undefined {
  const bytes = record.Summary?.B;
  if (!bytes) return undefined;
  return { identity: record.Identity?.S ?? '', text: gunzipSync(bytes).toString('utf8') };
}

/**
 * One partition's head and summary in one BatchGetItem, strongly consistent (1 RCU for the
 * head, 1 per 4 KB of the summary; an absent item costs 1). What a rerun reads to know, before
 * reading its input, that the table already holds this version.
 */
export async function readStoredPartition(client: DynamoDBClient, table: string, id: string, options: RecordOptions = {}): Promise<StoredPartition> {
  const { maxAttempts = 10 } = options;
  const tag = partitionTag(id);
  const stored: StoredPartition = {};
  let pending: KeysAndAttributes | undefined = { Keys: [headKey(tag), summaryKey(tag)], ConsistentRead: true };
  const unprocessed = (output: BatchGetItemCommandOutput): boolean => {
    for (const record of output.Responses?.[table] ?? []) {
      if (record[ATTRIBUTE.invoiceNo]?.S === HEADS) stored.head = decodeHead(record);
      else stored.summary = decodeSummary(record);
    }
    pending = output.UnprocessedKeys?.[table];
    return (pending?.Keys?.length ?? 0) > 0;
  };
  await sendWithRetries(
    client,
    table,
    (abortSignal) => client.send(new BatchGetItemCommand({ RequestItems: { [table]: pending as KeysAndAttributes }, ReturnConsumedCapacity: 'TOTAL' }), { abortSignal }),
    options,
    'read',
    unprocessed,
  );
  if (pending?.Keys?.length) throw new Error(`the partition records of "${id}" were not read after ${maxAttempts} attempts (throttled).`);
  return stored;
}

/** Keys grouped by invoice (`[[invoiceNo, [stockCode…]]…]`), gzipped, in pages of at most PAGE_BYTES raw JSON. */
export function encodeKeyPages(keys: Iterable<string>): Uint8Array[] {
  const sorted = [...keys].sort();
  const pages: Uint8Array[] = [];
  let page = new Map<string, string[]>();
  let bytes = 2;
  const flush = () => {
    if (page.size > 0) pages.push(gzipSync(JSON.stringify([...page])));
    page = new Map();
    bytes = 2;
  };
  for (const key of sorted) {
    const [invoiceNo, stockCode] = key.split('\u0000');
    const codeBytes = Buffer.byteLength(JSON.stringify(stockCode)) + 1;
    const groupBytes = Buffer.byteLength(JSON.stringify(invoiceNo)) + 6;
    if (bytes + codeBytes + (page.has(invoiceNo) ? 0 : groupBytes) > PAGE_BYTES) flush();
    let codes = page.get(invoiceNo);
    if (!codes) {
      page.set(invoiceNo, (codes = []));
      bytes += groupBytes;
    }
    codes.push(stockCode);
    bytes += codeBytes;
  }
  flush();
  return pages;
}

export function decodeKeyPage(page: Uint8Array | undefined): string[] {
  if (!page) return [];
  const groups = JSON.parse(gunzipSync(page).toString('utf8')) as [string, string[]][];
  return groups.flatMap(([invoiceNo, codes]) => codes.map((code) => `${invoiceNo}\u0000${code}`));
}
