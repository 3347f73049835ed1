import type { DynamoDBClient, QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { OrderField } from '../attributes';
import { queryPages } from '../paginate';
import { INDEXES, type IndexName } from '../table-spec';
import { dayBounds, type DayRange } from './day-range';
import { and, equals, expressionInput, within } from './expression';
import { checkCount, decodePages, rowsOf, type OrderRow, type ReadOptions, type RowPage } from './rows';

export interface IndexQueryOptions {
  table: string;
  index: IndexName;
  /** The index's partition key value: a country for CountryIndex, a customer id for CustomerIndex. */
  partition: string;
  /** Whole days of the index's `InvoiceDate` sort key. Default: the whole partition. */
  range?: DayRange;
  /** The attributes returned (a projection). Default: every attribute the index holds. */
  fields?: readonly OrderField[];
  /** Sort-key order. Default `'ascending'`. */
  order?: 'ascending' | 'descending';
  /** Rows returned in total at most (sets `Limit`, so nothing past them is read). Default: all. */
  limit?: number;
}

/** A Query of one index partition, as data: build it with `.params()`, run it with `.pages()`. */
export interface IndexQuery {
  readonly options: Readonly<IndexQueryOptions>;
  /**
   * The request, built without a server. `.pages()` sends exactly this, plus
   * `ExclusiveStartKey` after the first page and a smaller `Limit` for `pageSize`.
   */
  params(): QueryCommandInput;
  /** Pages of decoded rows, metered and with typed errors as every read here. */
  pages(client: DynamoDBClient, options?: ReadOptions): AsyncGenerator<RowPage>;
  /** The rows, one by one. */
  rows(client: DynamoDBClient, options?: ReadOptions): AsyncGenerator<OrderRow>;
}

/**
 * A typed Query of an index partition, optionally a range of whole days:
 * `indexQuery({ table, index: 'CountryIndex', partition: 'France', range: { from: '2011-12-01' }, fields: ['invoiceNo', 'totalAmountMilli'] })`.
 */
export function indexQuery(given: IndexQueryOptions): IndexQuery {
  // A copy: what params() builds cannot change after the checks below.
  const options = Object.freeze({
    ...given,
    ...(given.range ? { range: Object.freeze({ ...given.range }) } : {}),
    ...(given.fields ? { fields: Object.freeze([...given.fields]) } : {}),
  });
  if (options.partition === '') throw new RangeError(`partition of ${options.index} must be a non-empty string`);
  checkCount('limit', options.limit);
  const spec = INDEXES[options.index];
  const key = and(equals(spec.partitionKey, options.partition, 'partition'), within(spec.sortKey, dayBounds(options.range)));
  const params = (): QueryCommandInput => ({
    TableName: options.table,
    IndexName: options.index,
    KeyConditionExpression: key.text,
    ...expressionInput([key], options.fields),
    ...(options.order === 'descending' ? { ScanIndexForward: false } : {}),
    ...(options.limit !== undefined ? { Limit: options.limit } : {}),
    ReturnConsumedCapacity: 'INDEXES',
  });
  const pages = (client: DynamoDBClient, run: ReadOptions = {}): AsyncGenerator<RowPage> =>
    decodePages(queryPages(client, params(), { ...run, limit: options.limit }));
  return { options, params, pages, rows: (client, run) => rowsOf(pages(client, run)) };
}
