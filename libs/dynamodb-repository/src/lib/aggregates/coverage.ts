import { GetItemCommand, PutItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ATTRIBUTE } from '../attributes';
import { CATALOG_KEY } from '../catalog';
import type { DynamoRecord } from '../marshal';
import { sendWithRetries, type RetryOptions } from '../retry';
import { send, type CallOptions } from '../send';

/**
 * What the last `rebuildAggregates` covered, in one item beside the catalog (`#catalog` /
 * `aggregate-rebuild`): its run id and state (`rebuilding` until it finished), the tags of the partitions
 * whose items it counted because their own aggregates were missing or stale, and how many
 * rebuilt partitions it wrote, so `checkAggregates` can tell a rebuild that is still exact from
 * one that a later load or prune overtook.
 */
export interface RebuildCoverage {
  /** The rebuild's run id, also set on the heads of the partitions it covered (`rebuiltBy`). */
  id: string;
  state: 'rebuilding' | 'done';
  /** Tags of partitions (with heads) whose items the rebuild counted. */
  covered: string[];
  /** Rebuilt partitions written (one per day). */
  days: number;
}

const COVERAGE_KEY: DynamoRecord = { [ATTRIBUTE.invoiceNo]: { S: CATALOG_KEY.invoiceNo }, [ATTRIBUTE.stockCode]: { S: 'aggregate-rebuild' } };

/** Partition ids of rebuilt aggregates start with this (then the day). */
export const REBUILT_PREFIX = '#rebuilt/';

export async function writeCoverage(client: DynamoDBClient, table: string, coverage: RebuildCoverage, options: CallOptions & RetryOptions = {}): Promise<void> {
  await sendWithRetries(
    client,
    table,
    (abortSignal) =>
      client.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            ...COVERAGE_KEY,
            RebuildId: { S: coverage.id },
            State: { S: coverage.state },
            Days: { N: String(coverage.days) },
            // Tags are short; JSON keeps an empty list storable (a string set cannot be empty).
            Covered: { S: JSON.stringify([...coverage.covered].sort()) },
          },
          ReturnConsumedCapacity: 'TOTAL',
        }),
        { abortSignal },
      ),
    options,
  );
}

export async function readCoverage(client: DynamoDBClient, table: string, options: CallOptions = {}): Promise<RebuildCoverage | undefined> {
  const output = await send(
    client,
    table,
    (abortSignal) => client.send(new GetItemCommand({ TableName: table, Key: COVERAGE_KEY, ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }), { abortSignal }),
    options,
    'read',
  );
  const item = output.Item;
  if (!item) return undefined;
  return {
    id: item.RebuildId?.S ?? '',
    state: item.State?.S === 'done' ? 'done' : 'rebuilding',
    covered: JSON.parse(item.Covered?.S ?? '[]') as string[],
    days: Number(item.Days?.N ?? 0),
  };
}

/**
 * Marks a partition's head as counted by the rebuild `id` (only if the head exists). The
 * loader rewrites heads whole, so any later load of the partition drops the mark.
 */
export async function markRebuilt(client: DynamoDBClient, table: string, headKey: DynamoRecord, id: string, options: CallOptions & RetryOptions = {}): Promise<void> {
  await sendWithRetries(
    client,
    table,
    (abortSignal) =>
      client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: headKey,
          UpdateExpression: 'SET #rebuilt = :id',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#rebuilt': 'RebuiltBy', '#pk': ATTRIBUTE.invoiceNo },
          ExpressionAttributeValues: { ':id': { S: id } },
          ReturnConsumedCapacity: 'TOTAL',
        }),
        { abortSignal },
      ),
    options,
  );
}
