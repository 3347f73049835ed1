import { isEcomlakeError } from '@ecomlake/util';
import { AggregatesMissingError, AggregatesStaleError } from './aggregates/errors';
import { EndpointUnreachableError, OperationAbortedError, TableNotFoundError, TableSchemaMismatchError } from './errors';
import { LeaseHeldError, LeaseLostError } from './lease/errors';

const holder = { owner: { runId: 'r1', host: 'h', pid: 1 }, token: 2, acquiredAt: 'a', heartbeatAt: 'b', expiresAt: 'c' };

// Every error the repository throws is an EcomlakeError with its own name and code
// ('dynamodb-repository.<failure>'): a caller, a log or a Step Functions Catch after a JSON
// hop tells them apart without the class.
test.each([
  ['TableNotFoundError', new TableNotFoundError('orders'), 'dynamodb-repository.tableNotFound'],
  ['TableSchemaMismatchError', new TableSchemaMismatchError('orders', ['key']), 'dynamodb-repository.tableSchemaMismatch'],
  ['EndpointUnreachableError', new EndpointUnreachableError('http://127.0.0.1:1'), 'dynamodb-repository.endpointUnreachable'],
  ['OperationAbortedError', new OperationAbortedError({ written: 1 }), 'dynamodb-repository.operationAborted'],
  ['AggregatesMissingError', new AggregatesMissingError('orders'), 'dynamodb-repository.aggregatesMissing'],
  ['AggregatesStaleError', new AggregatesStaleError('orders', ['a.csv'], 'a partition is loading'), 'dynamodb-repository.aggregatesStale'],
  ['LeaseHeldError', new LeaseHeldError('orders', 'table', holder), 'dynamodb-repository.leaseHeld'],
  ['LeaseLostError', new LeaseLostError('orders', 'table', 2, 'released'), 'dynamodb-repository.leaseLost'],
])('%s carries its name and its own code', (name, error, code) => {
  expect(error.name).toBe(name);
  expect(error.code).toBe(code);
  expect(isEcomlakeError(error, code)).toBe(true);
  expect(isEcomlakeError(JSON.parse(JSON.stringify({ name: error.name, message: error.message, code: error.code })), code)).toBe(true);
});

test('the cause is kept', () => {
  const cause = new Error('ECONNREFUSED');
  expect(new EndpointUnreachableError('http://127.0.0.1:1', { cause }).cause).toBe(cause);
  expect(new EndpointUnreachableError('http://127.0.0.1:1', { reason: 'timeout' }).reason).toBe('timeout');
});
