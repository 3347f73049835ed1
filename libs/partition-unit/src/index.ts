export { runPartition, type PartitionUnitOptions, type PartitionReadOptions, type PartitionLoadTarget } from './lib/run-partition';
export { reducePartitions, type RunReduction, type ReduceOptions } from './lib/reduce';
export { finishRun, type FinishRunOptions, type FinishRunResult } from './lib/finish-run';
export { partitionId, partitionIdentity } from './lib/identity';
export { LAKE_DATASETS, ORDER_COLUMNS, ORDER_COLUMN_TYPES, ordersByDay, partName, type LakeDataset } from './lib/lake-layout';
export { PartitionLoadError } from './lib/errors';
export type { PartitionTask, RawObject, PartitionResult, PartitionLoadFigures, LakePart } from './lib/types';
export { costPreview, type CostPreview, type CostPreviewInput } from './lib/cost-preview';
export { sampleBudget, type SampleBudget } from './lib/sample-budget';
