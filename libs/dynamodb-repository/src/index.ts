export { ATTRIBUTE, projectionOf, type AttributeName, type OrderField } from './lib/attributes';
export {
  INDEXES,
  DEFAULT_INDEXES,
  WITH_COUNTRY_INDEX,
  orderTableSpec,
  createTableInput,
  type Billing,
  type IndexName,
  type IndexSpec,
  type OrderTableOptions,
  type TableSpec,
} from './lib/table-spec';
export {
  ensureTable,
  deleteTable,
  describeTable,
  dropIndexCommand,
  type CliTarget,
  type EnsureTableResult,
  type ExtraIndex,
  type WaitOptions,
} from './lib/ensure-table';
export { extraIndexes } from './lib/schema-diff';
export { TableNotFoundError, TableSchemaMismatchError, EndpointUnreachableError, OperationAbortedError } from './lib/errors';
export { decimalToMilli } from './lib/decimal';
export { encodeItem, decodeItem, decodePartial, itemKey, type DynamoRecord } from './lib/marshal';
export { createCapacityMeter, type CapacityMeter } from './lib/capacity';
export type { CallOptions } from './lib/send';
export type { BackoffOptions } from './lib/backoff';
export { addCountries, readCountries, isCatalogRecord, CATALOG_KEY, type CatalogWriteOptions } from './lib/catalog';
export {
  PARTITION_ATTRIBUTE,
  partitionTag,
  readPartitionHead,
  readPartitionHeads,
  readStoredPartition,
  isReservedRecord,
  type PartitionHead,
  type PartitionState,
  type PartitionSummary,
  type StoredPartition,
} from './lib/partition-records';
export {
  loadItems,
  loadPartitions,
  type FailedItem,
  type LoadOptions,
  type CatalogListed,
  type LoadPartition,
  type LoadProgress,
  type LoadResult,
  type PartitionLoadOptions,
  type ReplaceCost,
} from './lib/load-items';
export { prunePartitions, type PruneOptions, type PruneResult } from './lib/prune-partitions';
export { DYNAMODB_LOCAL_LOAD } from './lib/presets';
export { queryPages, queryItems, scanPages, scanItems, type Page, type PageOptions, type ResumeToken } from './lib/paginate';
export {
  parallelScan,
  parallelScanItems,
  type ParallelScanOptions,
  type ParallelScanPage,
  type ParallelScanPosition,
} from './lib/parallel-scan';
export {
  DYNAMODB_ON_DEMAND_US_EAST_1,
  onDemandCost,
  writeUnitsPerItem,
  type OnDemandPrices,
  type CapacityCost,
} from './lib/cost';
export { indexQuery, type IndexQuery, type IndexQueryOptions } from './lib/reads/index-query';
export { indexScan, tableScan, type IndexScan, type IndexScanOptions, type TableScanOptions, type ParallelRowPage } from './lib/reads/index-scan';
export { isMissingIndexError } from './lib/reads/missing-index';
export type { OrderRow, RowPage, ReadOptions } from './lib/reads/rows';
export { computeAggregates } from './lib/aggregates/compute';
export { readAggregates, type AggregateRead, type AggregateReadStats, type ReadAggregatesOptions } from './lib/aggregates/read';
export { checkAggregates, type AggregatesCoverage, type CheckAggregatesOptions } from './lib/aggregates/check';
export { rebuildAggregates, type RebuildAggregatesOptions, type RebuildAggregatesResult } from './lib/aggregates/rebuild';
export { AggregatesMissingError, AggregatesStaleError } from './lib/aggregates/errors';
export { AGGREGATE_VERSION } from './lib/aggregates/records';
export {
  beginTableRun,
  commitTableRun,
  invalidatePartitionHeads,
  readTableRunState,
  type TableRun,
  type TableRunOptions,
  type TableRunState,
} from './lib/table-run';
export { acquireLease, joinLease, readLease, type LeaseOptions, type JoinLeaseOptions } from './lib/lease/lease';
export { fenceWrites } from './lib/lease/fence';
export type { Lease } from './lib/lease/held-lease';
export type { LeaseOwner, LeaseHolder } from './lib/lease/lease-record';
export { LeaseHeldError, LeaseLostError, type LeaseLossReason } from './lib/lease/errors';
export { loadShare, type LoadShare, type LoadShareOptions } from './lib/plan/load-share';
