import { milli, type DayCountryAggregate } from '@ecomlake/model';
import { bigDay, itemBytes } from '../../test-fixtures/aggregates';
import type { DynamoRecord } from '../marshal';
import { aggregateBuilder } from './compute';
import { decodeAggregateRecord, encodeAggregates } from './records';

const merged = (records: DynamoRecord[]): DayCountryAggregate[] => {
  const builder = aggregateBuilder();
  for (const record of records) for (const part of decodeAggregateRecord(record)) builder.add(part);
  return builder.result();
};

describe('aggregate records', () => {
  it('pack a day of 100,000 orders into records well under the 400 KB item limit, and back exactly', () => {
    const day = bigDay(100_000);
    const small: DayCountryAggregate = { day: '2011-03-01', country: 'France', revenueMilli: milli(10), items: 1, orders: [{ invoiceNo: '1', invoiceDate: '2011-03-01T10:00:00', valueMilli: milli(10), lines: 1 }], cancellations: 0, cancelledMilli: milli(0), cancellationsKnown: true };
    const records = encodeAggregates('tag0123456789abc', [small, day]);
    expect(records.length).toBeGreaterThan(1);
    for (const record of records) expect(itemBytes(record)).toBeLessThan(350_000);
    expect(records.map((record) => [record.InvoiceNo.S, record.StockCode.S, record.Partition.S])).toEqual(
      records.map((_, i) => ['#agg#2011-03', `2011-03-01#tag0123456789abc#${i}`, 'tag0123456789abc']),
    );
    expect(merged(records)).toEqual([small, day]);
  });

  it('put all countries of a small day in one record, one record per day', () => {
    const aggregate = (day: string, country: string): DayCountryAggregate => ({
      day, country, revenueMilli: milli(5), items: 1,
      orders: [{ invoiceNo: `${day}${country}`, customerId: '1', invoiceDate: `${day}T10:00:00`, valueMilli: milli(5), lines: 1 }],
      cancellations: 0, cancelledMilli: milli(0), cancellationsKnown: false,
    });
    const input = [aggregate('2011-03-01', 'EIRE'), aggregate('2011-03-01', 'Spain'), aggregate('2011-04-02', 'EIRE')];
    const records = encodeAggregates('t', input);
    expect(records.map((record) => `${record.InvoiceNo.S} ${record.StockCode.S}`)).toEqual(['#agg#2011-03 2011-03-01#t#0', '#agg#2011-04 2011-04-02#t#0']);
    expect(records.every((record) => record.Country === undefined && record.InvoiceDate === undefined && record.CustomerID === undefined)).toBe(true);
    expect(merged(records)).toEqual(input);
  });

  it('refuse a day that is not YYYY-MM-DD', () => {
    expect(() => encodeAggregates('t', [{ ...bigDay(1), day: '2011-3-1' }])).toThrow('day must be a day YYYY-MM-DD, got "2011-3-1"');
  });
});
