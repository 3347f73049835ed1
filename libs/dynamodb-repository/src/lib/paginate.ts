import {
  QueryCommand,
  ScanCommand,
  type DynamoDBClient,
  type QueryCommandInput,
  type ConsumedCapacity,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import { sumCapacity } from './capacity';
import type { DynamoRecord } from './marshal';
import { send, type CallOptions } from './send';

/** Where to continue a paged read: DynamoDB's `LastEvaluatedKey`. */
export type ResumeToken = DynamoRecord;

export interface PageOptions extends CallOptions {
  /** Continue after this key (from a previous page's `resumeToken`). Default: from the start. */
  startKey?: ResumeToken;
  /** Stop after this many items returned (`Limit` is set so nothing past them is read). Default: all. */
  limit?: number;
  /** Items evaluated per request at most. Default: DynamoDB's 1 MB page. */
  pageSize?: number;
}

export interface Page {
  items: DynamoRecord[];
  /** Items evaluated before the filter (what you pay for). */
  scannedCount: number;
  /** Capacity units this page consumed. */
  consumedCapacity: number;
  /** Pass as `startKey` to continue after this page; undefined after the last page. */
  resumeToken?: ResumeToken;
}

type Paged = Pick<QueryCommandInput & ScanCommandInput, 'ExclusiveStartKey' | 'Limit' | 'ReturnConsumedCapacity' | 'TableName'>;

/**
 * Pages of a Query (key condition, projection, filter are in `input`). Consumed capacity is
 * requested (`INDEXES` unless the input says otherwise) and reported per page.
 */
export function queryPages(client: DynamoDBClient, input: QueryCommandInput, options: PageOptions = {}): AsyncGenerator<Page> {
  return pages(client, input, options, (request, abortSignal) => client.send(new QueryCommand(request), { abortSignal }));
}

/** Pages of a Scan of a table or index (set `Segment`/`TotalSegments` for one segment). */
export function scanPages(client: DynamoDBClient, input: ScanCommandInput, options: PageOptions = {}): AsyncGenerator<Page> {
  return pages(client, input, options, (request, abortSignal) => client.send(new ScanCommand(request), { abortSignal }));
}

/** Items of a Query, one by one. */
export async function* queryItems(client: DynamoDBClient, input: QueryCommandInput, options: PageOptions = {}): AsyncGenerator<DynamoRecord> {
  for await (const page of queryPages(client, input, options)) yield* page.items;
}

/** Items of a Scan, one by one. */
export async function* scanItems(client: DynamoDBClient, input: ScanCommandInput, options: PageOptions = {}): AsyncGenerator<DynamoRecord> {
  for await (const page of scanPages(client, input, options)) yield* page.items;
}

interface PagedOutput {
  Items?: DynamoRecord[];
  ScannedCount?: number;
  LastEvaluatedKey?: DynamoRecord;
  ConsumedCapacity?: ConsumedCapacity;
}

async function* pages<Input extends Paged>(
  client: DynamoDBClient,
  input: Input,
  options: PageOptions,
  request: (input: Input, abortSignal: AbortSignal | undefined) => Promise<PagedOutput>,
): AsyncGenerator<Page> {
  const table = input.TableName ?? '';
  let startKey = options.startKey;
  let remaining = options.limit ?? Infinity;
  do {
    const limit = Math.min(remaining, options.pageSize ?? Infinity);
    const page: Input = {
      ReturnConsumedCapacity: 'INDEXES',
      ...input,
      ...(startKey ? { ExclusiveStartKey: startKey } : {}),
      ...(Number.isFinite(limit) ? { Limit: limit } : {}),
    };
    const output = await send(client, table, (abortSignal) => request(page, abortSignal), options, 'read');
    const items = output.Items ?? [];
    remaining -= items.length;
    startKey = output.LastEvaluatedKey;
    const consumedCapacity = sumCapacity(output.ConsumedCapacity);
    yield { items, scannedCount: output.ScannedCount ?? items.length, consumedCapacity, resumeToken: startKey };
  } while (startKey && remaining > 0);
}
