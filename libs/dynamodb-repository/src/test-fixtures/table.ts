import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parallelScanItems } from '../lib/parallel-scan';
import { isReservedRecord } from '../lib/partition-records';
import { decodeItem } from '../lib/marshal';
import type { OrderItem } from '@ecomlake/model';

/** Every order item in the table (not its own records), sorted by key, decoded. */
export async function readAll(client: DynamoDBClient, table: string): Promise<OrderItem[]> {
  const items: OrderItem[] = [];
  for await (const record of parallelScanItems(client, { TableName: table }, { segments: 4 })) {
    if (!isReservedRecord(record)) items.push(decodeItem(record));
  }
  return items.sort(byKey);
}

export function byKey(a: OrderItem, b: OrderItem): number {
  return a.invoiceNo.localeCompare(b.invoiceNo) || a.stockCode.localeCompare(b.stockCode);
}

export function totalMilli(items: readonly OrderItem[]): number {
  return items.reduce((sum, item) => sum + item.totalAmountMilli, 0);
}
