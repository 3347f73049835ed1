import { indexQuery } from './index-query';
import { indexScan } from './index-scan';

// Every expected request is written out by hand: what DynamoDB must receive, no server needed.
describe('indexQuery(...).params()', () => {
  it('one country over a range of whole days, projected', () => {
    const query = indexQuery({
      table: 'orders',
      index: 'CountryIndex',
      partition: 'France',
      range: { from: '2011-12-01', to: '2011-12-09' },
      fields: ['invoiceNo', 'totalAmountMilli'],
    });
    expect(query.params()).toStrictEqual({
      TableName: 'orders',
      IndexName: 'CountryIndex',
      KeyConditionExpression: '#Country = :partition AND #InvoiceDate BETWEEN :from AND :to',
      ProjectionExpression: '#InvoiceNo, #TotalAmount',
      ExpressionAttributeNames: { '#Country': 'Country', '#InvoiceDate': 'InvoiceDate', '#InvoiceNo': 'InvoiceNo', '#TotalAmount': 'TotalAmount' },
      // '~' sorts after every character of a time: the 9th's last second is inside.
      ExpressionAttributeValues: { ':partition': { S: 'France' }, ':from': { S: '2011-12-01' }, ':to': { S: '2011-12-09~' } },
      ReturnConsumedCapacity: 'INDEXES',
    });
  });

  it('a whole partition, newest first, one row, every attribute', () => {
    expect(indexQuery({ table: 't', index: 'CustomerIndex', partition: '17850', order: 'descending', limit: 1 }).params()).toStrictEqual({
      TableName: 't',
      IndexName: 'CustomerIndex',
      KeyConditionExpression: '#CustomerID = :partition',
      ExpressionAttributeNames: { '#CustomerID': 'CustomerID' },
      ExpressionAttributeValues: { ':partition': { S: '17850' } },
      ScanIndexForward: false,
      Limit: 1,
      ReturnConsumedCapacity: 'INDEXES',
    });
  });

  it('open ends become one-sided conditions', () => {
    const from = indexQuery({ table: 't', index: 'CountryIndex', partition: 'EIRE', range: { from: '2011-06-01' } }).params();
    expect(from.KeyConditionExpression).toBe('#Country = :partition AND #InvoiceDate >= :from');
    expect(from.ExpressionAttributeValues).toEqual({ ':partition': { S: 'EIRE' }, ':from': { S: '2011-06-01' } });
    const to = indexQuery({ table: 't', index: 'CountryIndex', partition: 'EIRE', range: { to: '2011-06-30' } }).params();
    expect(to.KeyConditionExpression).toBe('#Country = :partition AND #InvoiceDate <= :to');
    expect(to.ExpressionAttributeValues).toEqual({ ':partition': { S: 'EIRE' }, ':to': { S: '2011-06-30~' } });
  });

  it('projecting the key attributes names each once', () => {
    const params = indexQuery({ table: 't', index: 'CountryIndex', partition: 'Spain', range: { from: '2011-01-04', to: '2011-01-04' }, fields: ['country', 'invoiceDate', 'invoiceDay'] }).params();
    expect(params.ProjectionExpression).toBe('#Country, #InvoiceDate');
    expect(params.ExpressionAttributeNames).toEqual({ '#Country': 'Country', '#InvoiceDate': 'InvoiceDate' });
  });

  it('is data fixed when built: changing the options object afterwards changes nothing', () => {
    const fields: ('invoiceNo' | 'country')[] = ['invoiceNo'];
    const range = { from: '2011-02-01' };
    const query = indexQuery({ table: 't', index: 'CountryIndex', partition: 'Spain', range, fields });
    fields.push('country');
    range.from = '2011-03-01';
    expect(query.params().ProjectionExpression).toBe('#InvoiceNo');
    expect(query.params().ExpressionAttributeValues).toEqual({ ':partition': { S: 'Spain' }, ':from': { S: '2011-02-01' } });
    expect(query.options.fields).toEqual(['invoiceNo']);
  });

  it('refuses what DynamoDB would reject, naming the option', () => {
    const base = { table: 't', index: 'CountryIndex', partition: 'France' } as const;
    expect(() => indexQuery({ ...base, partition: '' })).toThrow('partition of CountryIndex must be a non-empty string');
    expect(() => indexQuery({ ...base, range: { from: '2011-13-01' } })).toThrow('range.from must be a day as YYYY-MM-DD, got "2011-13-01"');
    expect(() => indexQuery({ ...base, range: { from: '2011-12-09', to: '2011-12-01' } })).toThrow('range.from (2011-12-09) is after range.to (2011-12-01)');
    expect(() => indexQuery({ ...base, limit: 0 })).toThrow('limit must be a positive integer, got 0');
  });
});

describe('indexScan(...).params()', () => {
  it('a segment of an index with a day filter and a projection', () => {
    const scan = indexScan({
      table: 'orders',
      index: 'CountryIndex',
      range: { from: '2011-01-01', to: '2011-03-31' },
      fields: ['country', 'invoiceDate', 'totalAmountMilli'],
      segment: 3,
      totalSegments: 16,
    });
    expect(scan.params()).toStrictEqual({
      TableName: 'orders',
      IndexName: 'CountryIndex',
      FilterExpression: '#InvoiceDate BETWEEN :from AND :to',
      ProjectionExpression: '#Country, #InvoiceDate, #TotalAmount',
      ExpressionAttributeNames: { '#Country': 'Country', '#InvoiceDate': 'InvoiceDate', '#TotalAmount': 'TotalAmount' },
      ExpressionAttributeValues: { ':from': { S: '2011-01-01' }, ':to': { S: '2011-03-31~' } },
      Segment: 3,
      TotalSegments: 16,
      ReturnConsumedCapacity: 'INDEXES',
    });
  });

  it('a bare probe: no filter, no projection, one entry', () => {
    expect(indexScan({ table: 't', index: 'CountryIndex', limit: 1 }).params()).toStrictEqual({
      TableName: 't',
      IndexName: 'CountryIndex',
      Limit: 1,
      ReturnConsumedCapacity: 'INDEXES',
    });
  });

  it('segment 0 is a segment', () => {
    expect(indexScan({ table: 't', index: 'CustomerIndex', segment: 0, totalSegments: 1 }).params()).toMatchObject({ Segment: 0, TotalSegments: 1 });
  });

  it('refuses half a segment, or one out of range', () => {
    expect(() => indexScan({ table: 't', index: 'CountryIndex', segment: 2 })).toThrow('segment must be an integer from 0 to totalSegments - 1 (set both), got segment 2 of undefined');
    expect(() => indexScan({ table: 't', index: 'CountryIndex', segment: 4, totalSegments: 4 })).toThrow('got segment 4 of 4');
    expect(() => indexScan({ table: 't', index: 'CountryIndex', totalSegments: 4 })).toThrow('got segment undefined of 4');
  });

  it('a parallel scan assigns the segments itself', () => {
    const client = {} as never;
    expect(() => indexScan({ table: 't', index: 'CountryIndex', segment: 0, totalSegments: 2 }).parallelPages(client)).toThrow('parallelPages() reads every segment');
    expect(() => indexScan({ table: 't', index: 'CountryIndex', limit: 5 }).parallelPages(client)).toThrow('parallelPages() reads every segment');
  });
});
