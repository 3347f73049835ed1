import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { columnarTable } from '../test-fixtures/table';
import { encodeParquet, inferParquetType } from './parquet-format';
import { tableColumns } from './table-columns';

const toArrayBuffer = (bytes: Uint8Array) => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

describe('Parquet output', () => {
  it.each([
    [[1, 2, null], 'INT32'],
    [[1, 2 ** 40], 'INT64'],
    [[1, 2.5], 'DOUBLE'],
    [[1n], 'INT64'],
    [[true, false], 'BOOLEAN'],
    [[new Date(0)], 'TIMESTAMP'],
    [['a', null], 'STRING'],
    [[1, 'a'], 'STRING'],
    [[null, undefined], 'STRING'],
  ])('infers %j as %s', (values, type) => {
    expect(inferParquetType(values)).toBe(type);
  });

  it('round-trips values exactly, money in thousandths beyond 2^31 included', async () => {
    const revenueMilli = [12_345_678_901, -3_000, 0];
    const table = columnarTable({
      Country: ['United Kingdom', 'EIRE', null],
      RevenueMilli: revenueMilli,
      Quantity: Int32Array.from([6, -1, 24]),
      UnitPrice: [2.55, 0, 1.25],
      Day: [new Date('2011-01-04T00:00:00Z'), new Date('2011-01-05T00:00:00Z'), new Date('2011-01-06T00:00:00Z')],
      Cancelled: [false, true, false],
    });
    const file = toArrayBuffer(encodeParquet(tableColumns(table), { keyValues: { rows: '3' } }));
    const rows = await parquetReadObjects({ file });
    expect(rows).toEqual([
      { Country: 'United Kingdom', RevenueMilli: 12_345_678_901n, Quantity: 6, UnitPrice: 2.55, Day: new Date('2011-01-04T00:00:00Z'), Cancelled: false },
      { Country: 'EIRE', RevenueMilli: -3_000n, Quantity: -1, UnitPrice: 0, Day: new Date('2011-01-05T00:00:00Z'), Cancelled: true },
      { Country: null, RevenueMilli: 0n, Quantity: 24, UnitPrice: 1.25, Day: new Date('2011-01-06T00:00:00Z'), Cancelled: false },
    ]);
    expect(parquetMetadata(file).key_value_metadata).toEqual([{ key: 'rows', value: '3' }]);
  });

  it('uses the column types asked for', async () => {
    const table = columnarTable({ CustomerID: [17850, 13047] });
    const file = toArrayBuffer(encodeParquet(tableColumns(table), { columnTypes: { CustomerID: 'STRING' } }));
    expect(await parquetReadObjects({ file })).toEqual([{ CustomerID: '17850' }, { CustomerID: '13047' }]);
  });
});
