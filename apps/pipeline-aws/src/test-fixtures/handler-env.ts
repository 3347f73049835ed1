// A bucket and a table on the test run's embedded stack, and the environment the stack would
// give the handlers, set on process.env for in-process calls (and restored afterwards).
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DYNAMODB_LOCAL_LOAD, ensureTable, orderTableSpec, scanItems, type DynamoRecord } from '@ecomlake/dynamodb-repository';
import { endpointEnv, testStack, uniqueName } from '@ecomlake/local-stack';
import { partitionId, runPartition, type PartitionResult } from '@ecomlake/partition-unit';
import { ensureBucket } from '@ecomlake/s3-extract';
import { mapConcurrent } from '@ecomlake/util';
import type { ListedObjectItem } from '../handlers/events';

export const BY_DAY = '/work/shared/data/online-retail/by-day';

export interface HandlerWorld {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly bucket: string;
  readonly table: string;
  restore(): void;
}

export async function handlerWorld(): Promise<HandlerWorld> {
  const stack = testStack();
  const s3 = new S3Client(stack.s3);
  const dynamodb = new DynamoDBClient(stack.dynamodb);
  const bucket = uniqueName('lake');
  const table = uniqueName('orders');
  await ensureBucket(s3, bucket);
  await ensureTable(dynamodb, orderTableSpec(table));
  const vars: Record<string, string> = {
    ...endpointEnv(stack.s3.endpoint, stack.dynamodb.endpoint),
    BUCKET: bucket,
    TABLE_NAME: table,
    RAW_PREFIX: 'raw/',
    RUNS_PREFIX: 'runs/',
  };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return {
    s3,
    dynamodb,
    bucket,
    table,
    restore() {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      s3.destroy();
      dynamodb.destroy();
    },
  };
}

/** Uploads daily files of the real dataset under `raw/`. */
export async function uploadDays(s3: S3Client, bucket: string, files: readonly string[]): Promise<void> {
  await mapConcurrent(files, 8, (file) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: `raw/${file}`, Body: readFileSync(path.join(BY_DAY, file)) })).then(() => undefined));
}

/** Data lines of CSV files, counted by hand (the files have a header and no quoted newlines). */
export function dataLines(files: readonly string[]): number {
  return files.reduce((n, file) => n + readFileSync(path.join(BY_DAY, file), 'utf8').split('\n').filter((line) => line.trim() !== '').length - 1, 0);
}

/** The local app's way: the partition unit on each object with the DynamoDB Local preset, into `table`. */
export async function loadLocally(s3: S3Client, dynamodb: DynamoDBClient, bucket: string, table: string, items: readonly ListedObjectItem[]): Promise<PartitionResult[]> {
  await ensureTable(dynamodb, orderTableSpec(table));
  return mapConcurrent(items, 4, (item) =>
    runPartition(
      { object: { bucket, key: item.Key, etag: item.Etag, size: item.Size }, id: partitionId(item.Key, 'raw/') },
      { s3, load: { client: dynamodb, table, options: { ...DYNAMODB_LOCAL_LOAD } } },
    ),
  );
}

/**
 * Every record of a table but the run marker (`#run…`: which run wrote last and when) and the
 * lease (`#lease…`: who wrote it, with which token), different by design between two loads,
 * sorted by key: two tables hold the same data when these are equal.
 */
export async function tableRecords(dynamodb: DynamoDBClient, table: string): Promise<DynamoRecord[]> {
  const records: DynamoRecord[] = [];
  // Left out: the run marker and lease (timestamps of the run), and partition summaries (they name the run's own source objects).
  for await (const record of scanItems(dynamodb, { TableName: table })) if (!/^#(run|lease|summary#)/.test(String(record.InvoiceNo?.S))) records.push(record);
  const key = (r: DynamoRecord): string => `${JSON.stringify(r.InvoiceNo)}|${JSON.stringify(r.StockCode)}`;
  return records.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
