export { runPartition, type PartitionUnitOptions, type PartitionReadOptions, type PartitionLoadTarget } from './lib/run-partition';
export { createRunFold, reducePartitions, type RunFold, type RunReduction, type ReduceOptions } from './lib/reduce';
export { planPartition, checkPartitionsDisjoint, type PartitionPlan } from './lib/plan-run';
export { createDisjointCheck, type DisjointCheck, type DisjointPart } from './lib/disjoint';
export { finishRun, type FinishRunOptions, type FinishRunResult, type RunKeeps } from './lib/finish-run';
export { partitionId, partitionIdentity } from './lib/identity';
export { LAKE_DATASETS, ORDER_COLUMNS, ORDER_COLUMN_TYPES, ordersByDay, partName, lakePrefix, type LakeDataset } from './lib/lake-layout';
export { PartitionLoadError, type PartitionUnitErrorCode } from './lib/errors';
export type { PartitionTask, RawObject, PartitionResult, PartitionLoadFigures, LakePart } from './lib/types';
export { costPreview, type CostPreview, type CostPreviewInput } from './lib/cost-preview';
export {
  buildRunSummary,
  itemsPerSecond,
  runLoadSummary,
  type RunSummary,
  type RunSummaryInput,
  type RunStatus,
  type StageSummary,
  type RunLakeSummary,
  type RunLoadSummary,
  type RunSales,
} from './lib/run-summary';
export { classifyRunObject, selectRunObjects, ARCHIVED_STORAGE_CLASSES, ARCHIVED_ACCESS_TIERS, type RunObjectDecision, type RunObjectSkipReason, type ListedRunObject, type SkippedRunObject } from './lib/run-objects';
export { regroupByDay, RegroupInputError, UNASSIGNED_NAME, type RegroupOptions, type RegroupResult, type RegroupFigures, type RegroupInputProblem } from './lib/regroup/regroup-by-day';
