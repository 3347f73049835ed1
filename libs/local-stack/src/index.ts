export { startLocalStack, type LocalStack, type LocalStackOptions } from './lib/start-local-stack';
export { jitForLines, QUICK_START_C2_METHODS, QUICK_START_MAX_LINES, type DynamoDbJit } from './lib/jit';
export { s3Config, dynamoDbConfig, endpointEnv, type LocalS3Config, type LocalDynamoDbConfig } from './lib/client-config';
export { JavaNotFoundError, LocalStackError, StackDirInUseError, type LocalStackErrorCode, type EmbeddedServer } from './lib/errors';
export { testStack, uniqueName } from './lib/testing';
export {
  generateRetailDays,
  writeSyntheticDataset,
  readSyntheticDataset,
  InvalidSyntheticOptionsError,
  type SyntheticRetailOptions,
  type SyntheticDay,
  type SyntheticDatasetSummary,
} from './lib/synthetic';
