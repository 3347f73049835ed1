import type { IndexName, OrderField } from '@ecomlake/dynamodb-repository';
import type { OrderItem } from '@ecomlake/model';
import type { DayRange } from './days';

/** One item as a query sees it: only the fields its projection asked for. */
export type Row = Partial<OrderItem>;

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
