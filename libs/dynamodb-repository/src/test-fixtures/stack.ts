// The DynamoDB Local started by local-stack's jest global setup, read from the variable it
// publishes. Deliberately not imported from @ecomlake/local-stack: that import would give
// this lib a graph dependency on the stack, which queries would then inherit.
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

const VARIABLE = 'ECOMLAKE_TEST_DYNAMODB_ENDPOINT';

export function testDynamoDb(): DynamoDBClientConfig & { endpoint: string } {
  const endpoint = process.env[VARIABLE];
  if (!endpoint) throw new Error(`${VARIABLE} is unset: run these tests through jest.config.cjs (it starts the embedded stack).`);
  return { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
}

let counter = 0;

/** A table name unique within this test run. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}
