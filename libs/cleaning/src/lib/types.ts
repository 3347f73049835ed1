import type { QualitySummary } from '@ecomlake/model';
import type { ColumnTable } from 'arquero';

/**
 * The cleaned output of one partition (one daily file). Table columns are listed in
 * `LINE_SCHEMA`, `ITEM_SCHEMA`, `EXCLUDED_SCHEMA` and `QUARANTINE_SCHEMA`; money columns
 * (`*Milli`) are exact integer thousandths of £, absent values are `null`.
 */
export interface CleanPartition {
  /** Partition name: the file path or object key. */
  partition: string;
  /** Clean order lines (`OrderLine` + `nonProduct`, `source`, `line`). */
  lines: ColumnTable;
  /** Keyed DynamoDB items, one per (invoiceNo, stockCode) (`OrderItem` + `nonProduct`). */
  items: ColumnTable;
  /** Valid rows that are not sales, with the `rule` id that excluded them. */
  excluded: ColumnTable;
  /** Unreadable rows: `source`, `line`, `reason`, raw `text`. */
  quarantine: ColumnTable;
  /** Reconciled quality report of this partition. */
  report: QualitySummary;
}

/** Several partitions merged; the report is reconciled over the whole. */
export interface CleanResult extends Omit<CleanPartition, 'partition'> {
  /** Each partition's name and report, in merge order. */
  partitions: { partition: string; report: QualitySummary }[];
}
