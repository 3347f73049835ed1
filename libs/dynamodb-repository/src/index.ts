// What other projects and the README use (issue 22); everything else is reached by relative path
// inside the lib. `node tools/ci/exports.cjs --unused` lists who imports each name.
export { ATTRIBUTE, projectionOf, type OrderField } from './lib/attributes';
export {
  INDEXES,
  DEFAULT_INDEXES,
  WITH_COUNTRY_INDEX,
  orderTableSpec,
  createTableInput,
  type IndexName,
  type OrderTableOptions,
  type TableSpec,
} from './lib/table-spec';
export { ensureTable, deleteTable, describeTable, dropIndexCommand } from './lib/ensure-table';
export { extraIndexes } from './lib/schema-diff';
export { TableNotFoundError, TableSchemaMismatchError, EndpointUnreachableError, OperationAbortedError } from './lib/errors';
export { decimalToMilli } from './lib/decimal';
export { encodeItem, decodeItem, decodePartial, itemKey, type DynamoRecord } from './lib/marshal';
export { createCapacityMeter, type CapacityMeter } from './lib/capacity';
export { withMeter, type ReadWriteMeters } from './lib/meter-scope';
export type { BackoffOptions } from './lib/backoff';
export { addCountries, readCountries, isCatalogRecord, CATALOG_KEY } from './lib/catalog';
export {
  PARTITION_ATTRIBUTE,
  partitionTag,
  readPartitionHead,
  readPartitionHeads,
  readStoredPartition,
  isReservedRecord,
  type PartitionHead,
  type StoredPartition,
} from './lib/partition-records';
export {
  loadItems,
  loadPartitions,
  type LoadOptions,
  type CatalogListed,
  type LoadPartition,
  type LoadFigures,
  type LoadResult,
  type ReplaceCost,
} from './lib/load-items';
export { prunePartitions } from './lib/prune-partitions';
export { DYNAMODB_LOCAL_LOAD } from './lib/presets';
export { queryPages, queryItems, scanPages, scanItems } from './lib/paginate';
export { parallelScan, parallelScanItems } from './lib/parallel-scan';
export {
  DYNAMODB_ON_DEMAND_US_EAST_1,
  onDemandCost,
  writeUnitsPerItem,
  type OnDemandPrices,
  type CapacityCost,
} from './lib/cost';
export { indexQuery } from './lib/reads/index-query';
export { indexScan, tableScan } from './lib/reads/index-scan';
export { isMissingIndexError } from './lib/reads/missing-index';
export type { OrderRow } from './lib/reads/rows';
export { computeAggregates } from './lib/aggregates/compute';
export { readAggregates } from './lib/aggregates/read';
export { checkAggregates } from './lib/aggregates/check';
export { rebuildAggregates } from './lib/aggregates/rebuild';
export { AggregatesMissingError, AggregatesStaleError } from './lib/aggregates/errors';
export { AGGREGATE_VERSION } from './lib/aggregates/records';
export { beginTableRun, commitTableRun, invalidatePartitionHeads, readTableRunState, type TableRun } from './lib/table-run';
export { acquireLease, joinLease, readLease } from './lib/lease/lease';
export { fenceWrites } from './lib/lease/fence';
export type { Lease } from './lib/lease/held-lease';
export type { LeaseHolder } from './lib/lease/lease-record';
export { LeaseHeldError, LeaseLostError } from './lib/lease/errors';
export { loadShare, type LoadShare } from './lib/plan/load-share';
