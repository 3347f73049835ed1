import type { QualitySummary } from '@ecomlake/model';
import type { TableCounts } from '@ecomlake/cleaning';
import type { LoadFigures, StoredPartition } from '@ecomlake/dynamodb-repository';
import type { LakeDataset } from './lake-layout';

/** The raw object a partition is made of, as the run's manifest lists it. */
export interface RawObject {
  readonly bucket: string;
  readonly key: string;
  /** As S3 lists it, quotes included: the read is pinned to it. */
  readonly etag: string;
  /** Bytes, as listed: a shorter body is resumed, never taken as the whole object. */
  readonly size: number;
}

/** One unit of work: a raw object and the partition id it loads as. */
export interface PartitionTask {
  readonly object: RawObject;
  /** The partition's stable id (see `partitionId`): its items, head and lake part are named by it. */
  readonly id: string;
  /**
   * What the table holds of the partition (head and summary), read by the caller under the
   * run's lease, where nothing else writes it since: the unit decides from it instead of reading
   * again. `{}` for a partition the table has no head for (`PartitionPlan.neverLoaded`).
   * Default: read by the unit (one strongly consistent request).
   */
  readonly stored?: StoredPartition;
}

/** One file the partition wrote to the lake. */
export interface LakePart {
  readonly dataset: LakeDataset;
  readonly key: string;
  readonly uri: string;
  readonly rows: number;
  readonly bytes: number;
  /** The Hive partition value (`day`) for the orders dataset. */
  readonly day?: string;
}

/** What loading the partition did and cost: dynamodb-repository's `LoadFigures` (all JSON: it travels in a Step Functions result). */
export interface PartitionLoadFigures extends Readonly<LoadFigures> {
  /** `skipped`: the table holds this partition with the same identity already. */
  readonly status: 'loaded' | 'skipped';
}

/** A partition's whole outcome: small, JSON, and all a reduce needs (no rows). */
export interface PartitionResult {
  readonly id: string;
  /** `s3://bucket/key` of the raw object. */
  readonly source: string;
  readonly etag: string;
  readonly size: number;
  /** What the table records for it (see `partitionIdentity`). */
  readonly identity: string;
  /** The partition's reconciled quality report. */
  readonly report: QualitySummary;
  /** Its tables counted independently of the report: the reduce reconciles against them. */
  readonly counts: TableCounts;
  /** Its invoice numbers, sorted: the reduce proves no invoice spans two partitions. */
  readonly invoices: readonly string[];
  /** Files written to the lake (none with `lakeUri` unset). */
  readonly lake: readonly LakePart[];
  /** Absent when the unit was not asked to load. */
  readonly load?: PartitionLoadFigures;
  /** Seconds spent reading, cleaning, writing the lake and loading. */
  readonly seconds: { readonly read: number; readonly clean: number; readonly lake: number; readonly load: number };
}
