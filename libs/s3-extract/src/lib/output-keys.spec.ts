import { formatTimestamp, InvalidOutputNameError, outputKey, parseOutputKey, parseTimestamp } from './output-keys';

describe('output keys', () => {
  const when = new Date('2026-11-28T10:15:00.789Z');

  it('formats the UTC time as YYYYMMDDTHHMMSSZ and parses it back to the second', () => {
    expect(formatTimestamp(when)).toBe('20261128T101500Z');
    expect(parseTimestamp('20261128T101500Z').toISOString()).toBe('2026-11-28T10:15:00.000Z');
  });

  it('builds latest and timestamped keys under a prefix', () => {
    expect(outputKey('clean', 'orders', 'latest', 'parquet')).toBe('clean/orders_latest.parquet');
    expect(outputKey('clean/', 'orders', formatTimestamp(when), 'csv')).toBe('clean/orders_20261128T101500Z.csv');
    expect(outputKey('', 'orders', 'latest', 'csv')).toBe('orders_latest.csv');
  });

  it('reads name, version and format back from a key', () => {
    expect(parseOutputKey('clean/order_lines_20261128T101500Z.parquet')).toEqual({ name: 'order_lines', version: '20261128T101500Z', format: 'parquet' });
    expect(parseOutputKey('clean/orders_latest.csv')).toEqual({ name: 'orders', version: 'latest', format: 'csv' });
    expect(parseOutputKey('clean/orders.csv')).toBeUndefined();
    expect(parseOutputKey('clean/orders_latest.json')).toBeUndefined();
  });

  it.each(['', 'a/b', '../x', 'orders_latest', 'with space'])('rejects the name %j', (name) => {
    expect(() => outputKey('clean', name, 'latest', 'csv')).toThrow(InvalidOutputNameError);
  });
});
