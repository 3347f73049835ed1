import { cleanStream, orderItems, partitionCounts, type CleanedStream, type CleanFileOptions, type TableCounts } from '@ecomlake/cleaning';
import { computeAggregates, partitionTag, type CapacityMeter, type StoredPartition } from '@ecomlake/dynamodb-repository';
import type { DayCountryAggregate, OrderItem, PackedOrder } from '@ecomlake/model';
import { readObjectContent, type ObjectContent } from '@ecomlake/s3-extract';
import { cancellationsOf } from './cancellations';
import { partName } from './lake-layout';
import { loadItemsOf, summaryShape, summaryText, writeLake, type PartitionSummary, type PartitionUnitOptions } from './run-partition';
import type { LakePart, PartitionResult, PartitionTask } from './types';

/** What `runPartition` has done before handing a large object over. */
export interface StreamStart {
  readonly source: string;
  readonly identity: string;
  readonly clean: CleanFileOptions & { partition: string };
  /** The object, read past `wholeBytes`. */
  readonly content: Extract<ObjectContent, { kind: 'rows' }>;
  /** `performance.now()` when the read started, and when its first bytes were in. */
  readonly started: number;
  readonly read: number;
  /** The call's `summaryShape`, stored with the summary. Default: the shape of `options`. */
  readonly shape?: string;
  /** The identity check's read before the object's, counted in the load figures. */
  readonly checked?: CapacityMeter;
  /** What that check read (head and summary): the load decides from it instead of reading again. */
  readonly stored?: StoredPartition;
}

/**
 * A large object's partition: cleaned in windows of whole invoices (`cleanStream`), each
 * window's lake parts written as it comes (`part-<tag>-w00000`, …), so memory follows the
 * window, not the object. The report, counts and invoices are the partition's as a whole.
 * With a load, the aggregates are merged from the windows' and the items are streamed again
 * from the object (pinned to its ETag) for the loader: no window is kept.
 */
export async function streamPartition(task: PartitionTask, options: PartitionUnitOptions, start: StreamStart): Promise<PartitionResult> {
  const { object, id } = task;
  const { source, identity, clean } = start;
  const tag = partitionTag(id);
  const open = reopen(options, start);
  let lake: LakePart[] = [];
  let aggregates: DayCountryAggregate[][] = [];
  let counts: TableCounts[] = [];
  let lakeMs = 0;
  let result: CleanedStream | undefined;
  const windowed = { ...clean, windowRows: options.read?.windowRows };
  for await (const event of cleanStream(open, source, windowed)) {
    if (event.kind === 'restart') {
      // The windows so far are void; their parts are overwritten or, if fewer, pruned at the run's end.
      [lake, aggregates, counts] = [[], [], []];
      continue;
    }
    if (event.kind === 'end') {
      result = event.result;
      continue;
    }
    const { window } = event;
    counts.push(partitionCounts(window));
    if (options.load) aggregates.push(computeAggregates(orderItems(window.items), cancellationsOf(window.excluded)));
    if (!options.lakeUri) continue;
    const before = performance.now();
    lake.push(...(await writeLake(options.s3, options.lakeUri, options.lakeFormat ?? 'parquet', `${partName(tag)}-w${String(window.index).padStart(5, '0')}`, window)));
    lakeMs += performance.now() - before;
  }
  if (!result) throw new Error(`${source}: the cleaning stream ended without its result`);
  const cleaned = performance.now();
  const held = result.held;
  const items = async function* (): AsyncGenerator<OrderItem> {
    // The same windows again (the same invoices held apart, so no restart): the loader gets every item once.
    for await (const event of cleanStream(open, source, { ...windowed, hold: held })) {
      if (event.kind === 'window') yield* orderItems(event.window.items);
    }
  };
  const summary: PartitionSummary = { id, source, etag: object.etag, size: object.size, identity, report: result.report, counts: sumCounts(counts), invoices: result.invoices, lake };
  const load = options.load
    ? await loadItemsOf(options.load, { id, identity, items, aggregates: mergeAggregates(aggregates), summary: summaryText(summary, start.shape ?? summaryShape(options)), ...(start.stored && { stored: start.stored }) }, options.signal, start.checked)
    : undefined;
  const loaded = performance.now();
  return {
    ...summary,
    ...(load && { load }),
    seconds: {
      read: seconds(start.started, start.read),
      clean: seconds(start.read, cleaned - lakeMs),
      lake: Math.round(lakeMs) / 1000,
      load: seconds(cleaned, loaded),
    },
  };
}

/** The object's bytes for each pass of `cleanStream`: the read already open first, then new reads pinned to the same ETag. */
function reopen(options: PartitionUnitOptions, start: StreamStart): (pass: number) => AsyncIterable<Buffer> {
  let first: AsyncIterable<Buffer> | undefined = start.content.chunks;
  const { object } = start.content;
  return (): AsyncIterable<Buffer> => {
    const taken = first;
    first = undefined;
    if (taken) return taken;
    return (async function* () {
      const read = { ...options.read, etag: object.etag, size: object.size, signal: options.signal, encoding: start.clean.encoding, wholeBytes: 0 };
      const content = await readObjectContent(options.s3, start.source, read);
      if (content.kind === 'whole') yield content.bytes;
      else yield* content.chunks;
    })();
  };
}

function sumCounts(parts: readonly TableCounts[]): TableCounts {
  const total: TableCounts = { lines: 0, items: 0, excluded: 0, quarantined: 0, itemLines: 0, itemRevenueMilli: 0 };
  for (const part of parts) for (const key of Object.keys(total) as (keyof TableCounts)[]) total[key] += part[key];
  return total;
}

/**
 * The windows' aggregates as one partition's: cells of a day and country are summed and their
 * orders put together. An invoice is never in two windows (windows are cut between invoices), so
 * no order needs merging; one that is would be a bug, and throws.
 */
export function mergeAggregates(windows: readonly (readonly DayCountryAggregate[])[]): DayCountryAggregate[] {
  const cells = new Map<string, DayCountryAggregate & { orders: PackedOrder[] }>();
  for (const aggregate of windows.flat()) {
    const key = `${aggregate.day}\u0000${aggregate.country}`;
    const cell = cells.get(key);
    if (!cell) {
      cells.set(key, { ...aggregate, orders: [...aggregate.orders] });
      continue;
    }
    cell.revenueMilli = (cell.revenueMilli + aggregate.revenueMilli) as DayCountryAggregate['revenueMilli'];
    cell.items += aggregate.items;
    cell.cancellations += aggregate.cancellations;
    cell.cancelledMilli = (cell.cancelledMilli + aggregate.cancelledMilli) as DayCountryAggregate['cancelledMilli'];
    cell.cancellationsKnown &&= aggregate.cancellationsKnown;
    cell.orders.push(...aggregate.orders);
  }
  const out = [...cells.values()].sort((a, b) => compare(a.day, b.day) || compare(a.country, b.country));
  for (const cell of out) {
    cell.orders.sort((a, b) => compare(a.invoiceDate, b.invoiceDate) || compare(a.invoiceNo, b.invoiceNo));
    if (new Set(cell.orders.map((order) => order.invoiceNo)).size !== cell.orders.length) {
      throw new Error(`an invoice is in two windows of one partition (${cell.day}, ${cell.country})`);
    }
  }
  return out;
}

/** Code-unit order, as `computeAggregates` sorts. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function seconds(from: number, to: number): number {
  return Math.round(to - from) / 1000;
}
