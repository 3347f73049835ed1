// The AWS app's errors are declared the one way (ARCHITECTURE.md, "Errors"): EcomlakeError with
// a code 'pipeline-aws.<failure>'. Step Functions catches a Lambda's error by its name (the
// runtime's errorType), so the names stay as they were.
import { LeaseHeldError } from '@ecomlake/dynamodb-repository';
import { EcomlakeError, isEcomlakeError } from '@ecomlake/util';
import { InvalidEventError } from './handlers/events';
import { PartitionsFailedError } from './handlers/map-results';
import { RunLeaseHeldError } from './handlers/run-lease';
import { ContextError } from './stack/context';

const holder = {
  owner: { runId: 'run-1', executionArn: 'arn:aws:states:us-east-1:123456789012:execution:Pipeline:exec-1' },
  token: 7,
  acquiredAt: '2026-12-07T10:00:00.000Z',
  heartbeatAt: '2026-12-07T10:01:00.000Z',
  expiresAt: '2026-12-07T10:06:00.000Z',
};
const held = new LeaseHeldError('orders', 'table', holder);

test.each([
  { error: new InvalidEventError('worker event: expected {mode}'), name: 'InvalidEventError', code: 'pipeline-aws.invalidEvent' },
  { error: new PartitionsFailedError('2 partitions failed'), name: 'PartitionsFailedError', code: 'pipeline-aws.partitionsFailed' },
  { error: new ContextError('-c maxConcurrency=0: expected a whole number, at least 1'), name: 'ContextError', code: 'pipeline-aws.context' },
  { error: new RunLeaseHeldError(holder, 0, { cause: held }), name: 'LeaseHeldError', code: 'pipeline-aws.leaseHeld' },
])('$name has code $code, and keeps it after a JSON hop', ({ error, name, code }) => {
  expect(error).toBeInstanceOf(EcomlakeError);
  expect({ name: error.name, code: error.code }).toEqual({ name, code });
  const hopped: unknown = JSON.parse(JSON.stringify({ name: error.name, message: error.message, code: error.code }));
  expect(isEcomlakeError(hopped, code)).toBe(true);
});

test('the lease error names the holding execution and keeps the library error as its cause', () => {
  const error = new RunLeaseHeldError(holder, 30, { cause: held });
  expect(error.cause).toBe(held);
  expect(error.message).toContain('execution arn:aws:states:us-east-1:123456789012:execution:Pipeline:exec-1 (run run-1)');
  expect(error.message).toContain('still held after waiting 30 s');
});
