/** Hot keys: every write of a load tallied by the key it lands on, per resource (table, index). */
import { DynamoDBClient, type AttributeValue, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { ATTRIBUTE, INDEXES, type IndexName } from '@ecomlake/dynamodb-repository';

/** Writes per key value of each resource: `table` (its partition key) and each index's. */
export type KeyTally = Map<string, Map<string, number>>;

/** A resource's hottest key: its value, its writes, and its share of the resource's writes. */
export interface HotKey {
  key: string;
  writes: number;
  of: number;
  share: number;
}

/**
 * A client whose every write is tallied by key before it is sent: the table's partition key
 * for each put, update and delete, and each index's partition key for each put of a record
 * that has it (an index entry is written only then on a first load).
 */
export function tallyingClient(config: DynamoDBClientConfig, indexes: readonly IndexName[]): { client: DynamoDBClient; tally: KeyTally } {
  const tally: KeyTally = new Map();
  const count = (resource: string, key: string | undefined) => {
    if (key === undefined) return;
    const counts = tally.get(resource) ?? new Map<string, number>();
    tally.set(resource, counts);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  };
  const put = (item: Record<string, AttributeValue>) => {
    count('table', item[ATTRIBUTE.invoiceNo]?.S);
    for (const index of indexes) count(index, item[INDEXES[index].partitionKey]?.S);
  };
  const keyed = (key: Record<string, AttributeValue> | undefined) => count('table', key?.[ATTRIBUTE.invoiceNo]?.S);
  const client = new DynamoDBClient(config);
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as {
        RequestItems?: Record<string, { PutRequest?: { Item?: Record<string, AttributeValue> }; DeleteRequest?: { Key?: Record<string, AttributeValue> } }[]>;
        TransactItems?: { Put?: { Item?: Record<string, AttributeValue> }; Update?: { Key?: Record<string, AttributeValue> }; Delete?: { Key?: Record<string, AttributeValue> } }[];
        Item?: Record<string, AttributeValue>;
        Key?: Record<string, AttributeValue>;
      };
      for (const requests of Object.values(input.RequestItems ?? {})) {
        for (const request of requests) {
          if (request.PutRequest?.Item) put(request.PutRequest.Item);
          else keyed(request.DeleteRequest?.Key);
        }
      }
      for (const item of input.TransactItems ?? []) {
        if (item.Put?.Item) put(item.Put.Item);
        else keyed(item.Update?.Key ?? item.Delete?.Key);
      }
      if (input.Item) put(input.Item);
      // Reads carry a Key too (GetItem): only updates and deletes write.
      else if (context.commandName === 'UpdateItemCommand' || context.commandName === 'DeleteItemCommand') keyed(input.Key);
      return next(args);
    },
    { step: 'initialize', name: 'benchKeyTally' },
  );
  return { client, tally };
}

/** The hottest key of each resource. */
export function hottest(tally: KeyTally): Record<string, HotKey> {
  const out: Record<string, HotKey> = {};
  for (const [resource, counts] of tally) {
    let top: [string, number] = ['', 0];
    let total = 0;
    for (const entry of counts) {
      total += entry[1];
      if (entry[1] > top[1]) top = entry;
    }
    out[resource] = { key: top[0], writes: top[1], of: total, share: total > 0 ? top[1] / total : 0 };
  }
  return out;
}
