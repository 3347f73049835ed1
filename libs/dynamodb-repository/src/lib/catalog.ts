import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ATTRIBUTE } from './attributes';
import type { BackoffOptions } from './backoff';
import type { DynamoRecord } from './marshal';
import { sendWithRetries } from './retry';
import { send, type CallOptions } from './send';

/**
 * The catalog: one item in the orders table listing every country ever loaded, so that on a
 * table with CountryIndex (opt-in) a question about a date can Query each country's
 * partition for that day instead of scanning. It replaces a date index, which would cost one
 * more write per item (+1 WCU on AWS, −25% load rate on DynamoDB Local) for what ~40 small
 * Queries answer. A default table answers dates from the aggregates; the catalog costs a
 * few writes a load, and keeps a table ready for the index being added.
 *
 * Its key is not an invoice (`#catalog`), and it has no Country, CustomerID or InvoiceDate,
 * so it is in no index; only a Scan of the table itself sees it (`isCatalogRecord`).
 */
export const CATALOG_KEY = { invoiceNo: '#catalog', stockCode: 'countries' } as const;

const COUNTRIES = 'Countries';

function catalogKey(): DynamoRecord {
  return { [ATTRIBUTE.invoiceNo]: { S: CATALOG_KEY.invoiceNo }, [ATTRIBUTE.stockCode]: { S: CATALOG_KEY.stockCode } };
}

/** True for the catalog item, which a Scan of the table returns along with the orders. */
export function isCatalogRecord(record: DynamoRecord): boolean {
  return record[ATTRIBUTE.invoiceNo]?.S === CATALOG_KEY.invoiceNo && record[ATTRIBUTE.stockCode]?.S === CATALOG_KEY.stockCode;
}

export interface CatalogWriteOptions extends CallOptions {
  /** Sends before giving up on throttling, 5xx or broken connections. Default 10. */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /** Default `TOTAL`: the catalog's writes are part of a load's cost. */
  returnConsumedCapacity?: 'TOTAL' | 'NONE';
}

/**
 * Adds countries to the catalog (a set union, so idempotent). Loaders call it before
 * writing the first item of a new country: a country can be listed without items, never
 * the other way round, so no item is missed by a date question even after a crash.
 */
export async function addCountries(client: DynamoDBClient, table: string, countries: Iterable<string>, options: CatalogWriteOptions = {}): Promise<void> {
  await addToCatalogSet(client, table, catalogKey(), COUNTRIES, countries, options);
}

/** Values being listed right now, per shared set of listed values (`CatalogListed`'s sets). */
const LISTING = new WeakMap<Set<string>, Map<string, Promise<void>>>();

/**
 * Lists the values `listed` does not hold yet, once per set however many loads share it and ask
 * at the same time: a value another load is listing is awaited, not written again (so a run's
 * catalog writes, and its capacity, do not depend on which partitions happen to overlap).
 * `write` lists the fresh values; on success they join `listed`. Our own write failing rejects;
 * another load's failing (its abort, say) only means we list that value ourselves.
 */
export async function listOnce(listed: Set<string>, values: Iterable<string>, write: (fresh: readonly string[]) => Promise<void>): Promise<void> {
  let listing = LISTING.get(listed);
  if (!listing) LISTING.set(listed, (listing = new Map()));
  const inFlight = listing;
  const wanted = [...new Set(values)];
  for (;;) {
    const missing = wanted.filter((value) => !listed.has(value));
    if (missing.length === 0) return;
    const theirs = missing.flatMap((value) => inFlight.get(value) ?? []);
    const fresh = missing.filter((value) => !inFlight.has(value));
    if (fresh.length > 0) {
      const ours = write(fresh)
        .then(() => {
          for (const value of fresh) listed.add(value);
        })
        .finally(() => {
          for (const value of fresh) inFlight.delete(value);
        });
      for (const value of fresh) inFlight.set(value, ours);
      await ours;
    }
    await Promise.allSettled(theirs);
  }
}

/**
 * Adds strings to a string-set attribute of a catalog item (`ADD`: a set union, so
 * idempotent and safe for concurrent writers). The one way catalog lists grow.
 */
export async function addToCatalogSet(
  client: DynamoDBClient,
  table: string,
  key: DynamoRecord,
  attribute: string,
  values: Iterable<string>,
  options: CatalogWriteOptions = {},
): Promise<void> {
  const distinct = [...new Set(values)];
  if (distinct.length === 0) return;
  await sendWithRetries(
    client,
    table,
    (abortSignal) =>
      client.send(
        new UpdateItemCommand({
          TableName: table,
          Key: key,
          UpdateExpression: 'ADD #set :values',
          ExpressionAttributeNames: { '#set': attribute },
          ExpressionAttributeValues: { ':values': { SS: distinct } },
          ReturnConsumedCapacity: options.returnConsumedCapacity ?? 'TOTAL',
        }),
        { abortSignal },
      ),
    options,
  );
}

/** Every country in the catalog, sorted; empty for a table nothing was loaded into. */
export async function readCountries(client: DynamoDBClient, table: string, options: CallOptions = {}): Promise<string[]> {
  const output = await send(
    client,
    table,
    (abortSignal) =>
      client.send(
        // Strongly consistent: a question asked right after a load must see every country.
        new GetItemCommand({ TableName: table, Key: catalogKey(), ConsistentRead: true, ReturnConsumedCapacity: 'TOTAL' }),
        { abortSignal },
      ),
    options,
    'read',
  );
  return [...(output.Item?.[COUNTRIES]?.SS ?? [])].sort();
}
