import type { IndexName, OrderField, OrderRow } from '@ecomlake/dynamodb-repository';
import type { DayRange } from './days';

/** One item as a query sees it: only the fields its projection asked for. */
export type Row = OrderRow;

/**
 * How a query reads: Query one or more partitions of an index (optionally a day range of
 * its `InvoiceDate` sort key, which the executor may split into sub-ranges read in
 * parallel), or a parallel Scan of an index.
 */
export type ReadPlan =
  | {
      kind: 'query';
      index: IndexName;
      /**
       * Partition key values (e.g. one country), or `'all'`: every country the table's
       * catalog lists (CountryIndex only), for questions about dates across countries.
       */
      partitions: readonly string[] | 'all';
      range?: DayRange;
      /** Split the range into sub-ranges read in parallel (for big partitions). */
      split?: boolean;
    }
  | { kind: 'scan'; index: IndexName; range?: DayRange };

/**
 * Whether two plans read the same entries, field by field: an absent range end equals an
 * undefined one, an absent `split` equals `false`, and partitions compare in order.
 */
export function samePlan(a: ReadPlan, b: ReadPlan): boolean {
  if (a.index !== b.index || a.range?.from !== b.range?.from || a.range?.to !== b.range?.to) return false;
  if (a.kind === 'scan' || b.kind === 'scan') return a.kind === b.kind;
  if ((a.split ?? false) !== (b.split ?? false)) return false;
  if (a.partitions === 'all' || b.partitions === 'all') return a.partitions === b.partitions;
  return a.partitions.length === b.partitions.length && a.partitions.every((partition, i) => partition === b.partitions[i]);
}

/** A named query: how it reads, what it reads, and how rows become its answer. */
export interface QueryDefinition<Result, Accumulator = unknown> {
  name: string;
  plan: ReadPlan;
  /** The projection: the only attributes fetched. */
  fields: readonly OrderField[];
  init(): Accumulator;
  add(accumulator: Accumulator, row: Row): void;
  finish(accumulator: Accumulator): Result;
}

/** What a query run cost. */
export interface QueryStats {
  /** Requests sent. */
  requests: number;
  /** Pages received. */
  pages: number;
  /** Items received (after any filter). */
  items: number;
  /** Read capacity units consumed: what this costs on AWS. */
  consumedCapacity: number;
  ms: number;
}

export interface QueryResult<Result> {
  data: Result;
  stats: QueryStats;
}
