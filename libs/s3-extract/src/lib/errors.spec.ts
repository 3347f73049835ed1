import { isEcomlakeError } from '@ecomlake/util';
import { InvalidDatasetPartError } from './dataset-keys';
import * as errors from './errors';

// Every error this library throws is an S3ExtractError (an EcomlakeError) whose `name` is its
// class's own name and whose code is its own, so logs, `error.name` and `isEcomlakeError`
// tell them apart (S3's unreachable endpoint included).
type ErrorClass = new (...args: never[]) => errors.S3ExtractError;
const classes: [string, ErrorClass][] = [
  ...Object.entries(errors).flatMap(([name, value]): [string, ErrorClass][] =>
    typeof value === 'function' && value !== errors.S3ExtractError ? [[name, value as unknown as ErrorClass]] : [],
  ),
  ['InvalidDatasetPartError', InvalidDatasetPartError as unknown as ErrorClass],
];

test.each(classes)('%s carries its own name and code', (className, ErrorClass) => {
  const error = Reflect.construct(ErrorClass, ['s3://b/k', { bytesRead: 1, attempts: 1, reason: 'a reason' }, 'x', 'y']) as errors.S3ExtractError;
  expect(error).toBeInstanceOf(errors.S3ExtractError);
  expect(error.name).toBe(className);
  // The code is the class's name without "Error", after the lib: ObjectChangedError → s3-extract.objectChanged.
  const failure = className.replace(/Error$/, '').replace(/^S3Endpoint/, 'Endpoint');
  expect(error.code).toBe(`s3-extract.${failure[0].toLowerCase()}${failure.slice(1)}`);
  expect(isEcomlakeError(error, error.code)).toBe(true);
});

test('every code is used by exactly one class', () => {
  const codes = classes.map(([, ErrorClass]) => (Reflect.construct(ErrorClass, ['s3://b/k', { bytesRead: 1, attempts: 1, reason: 'r' }, 'x', 'y']) as errors.S3ExtractError).code);
  expect(new Set(codes).size).toBe(classes.length);
});

test('the S3 endpoint error is not named like DynamoDB’s EndpointUnreachableError', () => {
  expect(new errors.S3EndpointUnreachableError('http://127.0.0.1:1').name).toBe('S3EndpointUnreachableError');
});
