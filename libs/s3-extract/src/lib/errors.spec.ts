import * as errors from './errors';
import { InvalidOutputNameError } from './output-keys';

// Every error this library throws is an S3ExtractError whose `name` is its class's own name,
// so logs and `error.name` checks tell them apart (S3's unreachable endpoint included).
type ErrorClass = new (...args: never[]) => Error;
const classes: [string, ErrorClass][] = [
  ...Object.entries(errors).flatMap(([name, value]): [string, ErrorClass][] => (typeof value === 'function' ? [[name, value as ErrorClass]] : [])),
  ['InvalidOutputNameError', InvalidOutputNameError as unknown as ErrorClass],
];

test.each(classes)('%s carries its own name', (className, ErrorClass) => {
  const error = Reflect.construct(ErrorClass, ['s3://b/k', ['a reason'], 'x', 'y']) as Error;
  expect(error).toBeInstanceOf(errors.S3ExtractError);
  expect(error.name).toBe(className);
});

test('the S3 endpoint error is not named like DynamoDB’s EndpointUnreachableError', () => {
  expect(new errors.S3EndpointUnreachableError('http://127.0.0.1:1').name).toBe('S3EndpointUnreachableError');
});
