// An app using the stack with its defaults: starts it in argv[2], prints its endpoints as
// one JSON line, then works until something stops it. Run by start-local-stack.spec.ts.
import { startLocalStack } from '../index';

startLocalStack({ dir: process.argv[2], dynamoDbInMemory: true, javaHeapMiB: 256 }).then(
  (stack) => {
    console.log(JSON.stringify({ s3: stack.s3.endpoint, dynamodb: stack.dynamodb.endpoint }));
    setInterval(() => undefined, 60_000); // work that never ends on its own
  },
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
