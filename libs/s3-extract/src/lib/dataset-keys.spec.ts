import { datasetPartKey, escapePartitionValue, InvalidDatasetPartError, parseDatasetPartKey, unescapePartitionValue } from './dataset-keys';

describe('Hive-style dataset keys', () => {
  it.each([
    ['2011-12-09', '2011-12-09'],
    ['a/b=c', 'a%2Fb%3Dc'],
    ['100%', '100%25'],
    ['line\nbreak\ttab\u007f', 'line%0Abreak%09tab%7F'],
    [`"#'*:?\\{[]^`, '%22%23%27%2A%3A%3F%5C%7B%5B%5D%5E'],
    // Hive leaves spaces, other punctuation and non-ASCII text as they are.
    ['Côte d’Ivoire (CI) & co.}', 'Côte d’Ivoire (CI) & co.}'],
  ])('escapes %j as Hive does: %s', (value, escaped) => {
    expect(escapePartitionValue(value)).toBe(escaped);
    expect(unescapePartitionValue(escaped)).toBe(value);
  });

  it('builds the key of a part from the dataset URI, partitions in the order given', () => {
    expect(datasetPartKey('s3://lake/clean/orders', { partition: { day: '2011-12-09' }, part: 'part-abc123' })).toBe(
      'clean/orders/day=2011-12-09/part-abc123.parquet',
    );
    expect(datasetPartKey('s3://lake/clean/quarantine/', { partition: { shop: 'a/b', day: '2011-12-09' }, part: 'part-0', format: 'csv' })).toBe(
      'clean/quarantine/shop=a%2Fb/day=2011-12-09/part-0.csv',
    );
    expect(datasetPartKey('s3://lake', { partition: {}, part: 'part-0' })).toBe('part-0.parquet');
  });

  it.each([
    ['an empty value', { partition: { day: '' }, part: 'part-0' }, 'partition "day" has no value'],
    ['an upper-case name', { partition: { Day: '2011-12-09' }, part: 'part-0' }, 'partition name "Day" must be lower-case'],
    ['a name with a space', { partition: { 'my day': '2011-12-09' }, part: 'part-0' }, 'partition name "my day"'],
    ['a part name with ..', { partition: { day: '2011-12-09' }, part: '../part-0' }, 'part name "../part-0"'],
    ['a part name with a folder', { partition: { day: '2011-12-09' }, part: 'x/part-0' }, 'part name "x/part-0"'],
    ['an empty part name', { partition: { day: '2011-12-09' }, part: '' }, 'part name ""'],
    ['a key over 1024 bytes', { partition: { day: 'x'.repeat(1100) }, part: 'part-0' }, "the key would be longer than S3's 1024 bytes"],
  ])('refuses %s with InvalidDatasetPartError', (_, location, reason) => {
    const attempt = () => datasetPartKey('s3://lake/clean/orders/', location);
    expect(attempt).toThrow(InvalidDatasetPartError);
    expect(attempt).toThrow(`Cannot write a part of the dataset s3://lake/clean/orders/: ${reason}`);
  });

  it('reads a part key back, and ignores keys that are not parts of the dataset', () => {
    expect(parseDatasetPartKey('s3://lake/clean/orders/', 'clean/orders/shop=a%2Fb%3Dc/day=2011-12-09/part-x.parquet')).toEqual({
      partition: { shop: 'a/b=c', day: '2011-12-09' },
      part: 'part-x',
      format: 'parquet',
    });
    expect(parseDatasetPartKey('s3://lake/clean/orders', 'clean/orders/day=2011-12-09/part-x.csv')?.format).toBe('csv');
    for (const key of ['clean/orders-old/day=2011-12-09/part-x.parquet', 'clean/orders/2011-12-09/part-x.parquet', 'clean/orders/day=2011-12-09/notes.txt', 'clean/orders/day=/p.parquet']) {
      expect(parseDatasetPartKey('s3://lake/clean/orders', key)).toBeUndefined();
    }
  });
});
