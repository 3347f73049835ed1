// One embedded stack per jest run: started here, stopped by jest-global-teardown.ts.
// Test files reach it through testStack() (the endpoints travel in environment variables,
// which jest's workers inherit).
import './monorepo-resolve';
import { startLocalStack, type LocalStack } from '../lib/start-local-stack';
import { TEST_DYNAMODB_ENDPOINT_VAR, TEST_S3_ENDPOINT_VAR } from '../lib/testing';

declare global {
  var __ECOMLAKE_STACK__: LocalStack | undefined;
}

export default async function globalSetup(): Promise<void> {
  const stack = await startLocalStack({ inMemory: true, stopOnSignal: true });
  globalThis.__ECOMLAKE_STACK__ = stack;
  process.env[TEST_S3_ENDPOINT_VAR] = stack.s3.endpoint;
  process.env[TEST_DYNAMODB_ENDPOINT_VAR] = stack.dynamodb.endpoint;
}
