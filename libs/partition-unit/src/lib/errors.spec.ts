import { isEcomlakeError } from '@ecomlake/util';
import { PartitionLoadError } from './errors';
import { RegroupInputError } from './regroup/errors';

// partition-unit's errors are EcomlakeErrors: the AWS app's Step Functions Catch sees the name,
// a caller of the library the code, and both survive a JSON hop.
test.each([
  ['PartitionLoadError', new PartitionLoadError('2010-12-01.csv', 3, 'throttled'), 'partition-unit.partitionLoad'],
  ['RegroupInputError', new RegroupInputError('header', 's3://b/raw/x', 'its header differs'), 'partition-unit.regroupInput'],
])('%s carries its name and code', (name, error, code) => {
  expect(error.name).toBe(name);
  expect(error.code).toBe(code);
  expect(isEcomlakeError(JSON.parse(JSON.stringify({ name: error.name, message: error.message, code: error.code })), code)).toBe(true);
});

test('PartitionLoadError says how many items failed and what to do', () => {
  expect(new PartitionLoadError('2010-12-01.csv', 3, 'throttled').message).toBe('partition 2010-12-01.csv: 3 items could not be written (first: throttled); rerun to load it again.');
});
