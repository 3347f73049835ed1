import { InvalidS3UriError } from './errors';
import { asPrefix, formatS3Uri, joinKey, parseS3Uri } from './s3-uri';

describe('parseS3Uri', () => {
  it('splits bucket and key', () => {
    expect(parseS3Uri('s3://raw/online-retail/by-day/2011-01-04.csv')).toEqual({
      bucket: 'raw',
      key: 'online-retail/by-day/2011-01-04.csv',
    });
  });

  it('reads a bare bucket as the empty key', () => {
    expect(parseS3Uri('s3://raw')).toEqual({ bucket: 'raw', key: '' });
    expect(parseS3Uri('s3://raw/')).toEqual({ bucket: 'raw', key: '' });
  });

  it('keeps a trailing slash, which marks a prefix', () => {
    expect(parseS3Uri('s3://raw/by-day/').key).toBe('by-day/');
  });

  it.each([
    ['raw/by-day', 'must start with s3://'],
    ['https://raw.s3.amazonaws.com/x', 'must start with s3://'],
    ['s3:///key', 'bucket name is missing'],
    ['s3://Raw/x', 'not a valid bucket name'],
    ['s3://a/x', 'not a valid bucket name'],
    ['s3://my_bucket/x', 'not a valid bucket name'],
    ['s3://192.168.1.1/x', 'not a valid bucket name'],
  ])('rejects %s with a message saying why and how to write it', (uri, reason) => {
    expect(() => parseS3Uri(uri)).toThrow(InvalidS3UriError);
    expect(() => parseS3Uri(uri)).toThrow(reason);
    expect(() => parseS3Uri(uri)).toThrow('s3://<bucket>/');
  });

  it('round-trips through formatS3Uri', () => {
    const uri = 's3://clean/orders/orders_latest.parquet';
    expect(formatS3Uri(parseS3Uri(uri))).toBe(uri);
  });
});

describe('key helpers', () => {
  it('asPrefix adds one trailing slash, except for the whole bucket', () => {
    expect(asPrefix('')).toBe('');
    expect(asPrefix('a')).toBe('a/');
    expect(asPrefix('a/')).toBe('a/');
  });

  it('joinKey joins with exactly one slash', () => {
    expect(joinKey('a', 'b.csv')).toBe('a/b.csv');
    expect(joinKey('a/', '/b.csv')).toBe('a/b.csv');
    expect(joinKey('', 'b.csv')).toBe('b.csv');
  });
});
