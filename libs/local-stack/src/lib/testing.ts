import { dynamoDbConfig, s3Config, type LocalDynamoDbConfig, type LocalS3Config } from './client-config';

/** Variables through which a test run's shared stack reaches the test files. */
export const TEST_S3_ENDPOINT_VAR = 'ECOMLAKE_TEST_S3_ENDPOINT';
export const TEST_DYNAMODB_ENDPOINT_VAR = 'ECOMLAKE_TEST_DYNAMODB_ENDPOINT';

/**
 * The client settings of the stack started by the jest global setup of this run
 * (`@ecomlake/local-stack/jest-global-setup`). Throws if no stack was started.
 */
export function testStack(env: NodeJS.ProcessEnv = process.env): { s3: LocalS3Config; dynamodb: LocalDynamoDbConfig } {
  const s3 = env[TEST_S3_ENDPOINT_VAR];
  const dynamodb = env[TEST_DYNAMODB_ENDPOINT_VAR];
  if (!s3 || !dynamodb) {
    throw new Error(
      `No embedded stack for this test run: ${TEST_S3_ENDPOINT_VAR} / ${TEST_DYNAMODB_ENDPOINT_VAR} are unset. ` +
        "Add globalSetup/globalTeardown from libs/local-stack/src/testing to the project's jest config.",
    );
  }
  return { s3: s3Config(s3), dynamodb: dynamoDbConfig(dynamodb) };
}

let counter = 0;

/** A name unique within this run, valid as an S3 bucket or DynamoDB table name. */
export function uniqueName(prefix: string): string {
  counter += 1;
  const suffix = `${process.pid}-${Date.now().toString(36)}-${counter}`;
  return `${prefix}-${suffix}`.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63);
}
