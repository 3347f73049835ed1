import type { DynamoDBClient, ScanCommandInput } from '@aws-sdk/client-dynamodb';
import { ATTRIBUTE, type OrderField } from '../attributes';
import { scanPages } from '../paginate';
import { parallelScan, type ParallelScanOptions, type ParallelScanPosition } from '../parallel-scan';
import { INDEXES, type IndexName } from '../table-spec';
import { dayBounds, type DayRange } from './day-range';
import { exists, expressionInput, within } from './expression';
import { checkCount, decodePages, rowsOf, type OrderRow, type ReadOptions, type RowPage } from './rows';

export interface IndexScanOptions {
  table: string;
  index: IndexName;
  /**
   * Whole days of `InvoiceDate` kept (a filter: every entry is still read and paid for, only
   * the answer is smaller). Default: all.
   */
  range?: DayRange;
  /** The attributes returned (a projection). Default: every attribute the index holds. */
  fields?: readonly OrderField[];
  /** Read one segment of `totalSegments` (`Segment`/`TotalSegments`); both or neither. Default: the whole index. */
  segment?: number;
  totalSegments?: number;
  /** Rows returned in total at most (sets `Limit`). Default: all. Not with `.parallelPages()`. */
  limit?: number;
}

/** A page of a parallel scan: which segment it came from, and where every segment stands. */
export interface ParallelRowPage extends RowPage {
  segment: number;
  /** Pass as `resume` to continue after this page and every page yielded before it. */
  position: ParallelScanPosition;
}

/** A Scan of an index (or of the table's order items: `tableScan`), as data: build it with `.params()`, run it with `.pages()` or `.parallelPages()`. */
export interface IndexScan {
  /** What it reads; `index` is absent for `tableScan`. */
  readonly options: Readonly<TableScanOptions & { index?: IndexName }>;
  /** The request, built without a server (`.parallelPages()` adds `Segment`/`TotalSegments` per segment). */
  params(): ScanCommandInput;
  /** Pages of decoded rows of the whole index, or of the one segment asked for. */
  pages(client: DynamoDBClient, options?: ReadOptions): AsyncGenerator<RowPage>;
  /** A parallel scan (`parallelScan`): `segments` parts, `concurrency` at a time, merged with backpressure. */
  parallelPages(client: DynamoDBClient, options?: ParallelScanOptions): AsyncGenerator<ParallelRowPage>;
  /** The rows of `.pages()`, one by one. */
  rows(client: DynamoDBClient, options?: ReadOptions): AsyncGenerator<OrderRow>;
}

/**
 * A typed Scan of an index:
 * `indexScan({ table, index: 'CountryIndex', range: { from: '2011-12-01' }, fields: ['country', 'totalAmountMilli'] })`.
 */
export function indexScan(given: IndexScanOptions): IndexScan {
  return scanOf(given);
}

export type TableScanOptions = Omit<IndexScanOptions, 'index'>;

/**
 * A typed Scan of the table's order items, for reads no index of the table serves (a
 * default table has no CountryIndex): `tableScan({ table, fields: ['country', 'totalAmountMilli'] })`.
 * Only order items are returned: the table's own records (catalog, partition records,
 * aggregates, lease) have no `InvoiceDate`, and the scan keeps only items that have one, as
 * an index on `InvoiceDate` would. Every item is read and paid for whole (a projection
 * makes the answer smaller, not the read).
 */
export function tableScan(given: TableScanOptions): IndexScan {
  return scanOf(given);
}

function scanOf(given: TableScanOptions & { index?: IndexName }): IndexScan {
  // A copy: what params() builds cannot change after the checks below.
  const options = Object.freeze({
    ...given,
    ...(given.range ? { range: Object.freeze({ ...given.range }) } : {}),
    ...(given.fields ? { fields: Object.freeze([...given.fields]) } : {}),
  });
  checkCount('limit', options.limit);
  checkCount('totalSegments', options.totalSegments);
  const segmented = options.segment !== undefined || options.totalSegments !== undefined;
  if (segmented && !(Number.isInteger(options.segment) && (options.segment ?? -1) >= 0 && (options.segment ?? 0) < (options.totalSegments ?? 0))) {
    throw new RangeError(`segment must be an integer from 0 to totalSegments - 1 (set both), got segment ${options.segment} of ${options.totalSegments}`);
  }
  // The sort key of every index we define, and what makes a record an order item.
  const date = options.index ? INDEXES[options.index].sortKey : ATTRIBUTE.invoiceDate;
  const filter = within(date, dayBounds(options.range)) ?? (options.index ? undefined : exists(date));
  const params = (): ScanCommandInput => ({
    TableName: options.table,
    ...(options.index ? { IndexName: options.index } : {}),
    ...(filter ? { FilterExpression: filter.text } : {}),
    ...expressionInput([filter], options.fields),
    ...(segmented ? { Segment: options.segment, TotalSegments: options.totalSegments } : {}),
    ...(options.limit !== undefined ? { Limit: options.limit } : {}),
    ReturnConsumedCapacity: 'INDEXES',
  });
  const pages = (client: DynamoDBClient, run: ReadOptions = {}): AsyncGenerator<RowPage> =>
    decodePages(scanPages(client, params(), { ...run, limit: options.limit }));
  const parallelPages = (client: DynamoDBClient, run: ParallelScanOptions = {}): AsyncGenerator<ParallelRowPage> => {
    // Segments are the parallel scan's to assign, and a total limit has no meaning across them.
    if (segmented || options.limit !== undefined) throw new RangeError('parallelPages() reads every segment: build the scan without segment, totalSegments or limit');
    return decodePages(parallelScan(client, params(), run));
  };
  return { options, params, pages, parallelPages, rows: (client, run) => rowsOf(pages(client, run)) };
}
