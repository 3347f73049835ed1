export { startLocalStack, type LocalStack, type LocalStackOptions } from './lib/start-local-stack';
export {
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  s3Config,
  dynamoDbConfig,
  endpointEnv,
  type LocalS3Config,
  type LocalDynamoDbConfig,
} from './lib/client-config';
export { JavaNotFoundError, LocalStackError, StackDirInUseError, type EmbeddedServer } from './lib/errors';
export { requireJava, parseJavaMajor, MIN_JAVA_MAJOR } from './lib/java';
export { testStack, uniqueName, TEST_S3_ENDPOINT_VAR, TEST_DYNAMODB_ENDPOINT_VAR } from './lib/testing';
export {
  generateRetailDays,
  writeSyntheticDataset,
  readSyntheticDataset,
  RETAIL_HEADER,
  InvalidSyntheticOptionsError,
  type SyntheticRetailOptions,
  type SyntheticDay,
  type SyntheticDatasetSummary,
} from './lib/synthetic';
