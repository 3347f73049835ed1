import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { columnarTable } from '../test-fixtures/table';
import { encodeParquet, inferParquetType, type ParquetEncodeOptions } from './parquet-format';
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

describe('Parquet logical types', () => {
  const money = { type: 'DECIMAL', precision: 18, scale: 3 } as const;
  const encode = (columns: Record<string, ArrayLike<unknown>>, columnTypes: ParquetEncodeOptions['columnTypes']) =>
    toArrayBuffer(encodeParquet(tableColumns(columnarTable(columns)), { columnTypes }));
  const schemaOf = (file: ArrayBuffer) => parquetMetadata(file).schema.slice(1);

  it('writes DATE, LOCAL_TIMESTAMP, DECIMAL and INT64 with their logical types and exact values', async () => {
    const file = encode(
      {
        day: ['2011-12-09', new Date('1970-01-02T00:00:00Z'), null],
        invoiceDate: ['2011-12-09T08:50:00', '2011-12-09 08:50:00.5', '1970-01-01T00:00'],
        totalAmountMilli: [2_345_678_901, -27_500n, 1],
        lineCount: [1, 2, 3],
      },
      { day: 'DATE', invoiceDate: 'LOCAL_TIMESTAMP', totalAmountMilli: money, lineCount: 'INT64' },
    );
    expect(schemaOf(file)).toEqual([
      { name: 'day', type: 'INT32', repetition_type: 'OPTIONAL', converted_type: 'DATE', logical_type: { type: 'DATE' } },
      { name: 'invoiceDate', type: 'INT64', repetition_type: 'REQUIRED', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' } },
      {
        name: 'totalAmountMilli',
        type: 'INT64',
        repetition_type: 'REQUIRED',
        converted_type: 'DECIMAL',
        precision: 18,
        scale: 3,
        logical_type: { type: 'DECIMAL', precision: 18, scale: 3 },
      },
      // Small values, declared INT64: no narrowing to INT32.
      { name: 'lineCount', type: 'INT64', repetition_type: 'REQUIRED' },
    ]);
    // Stored integers, by hand: 2011-12-09 is 41 years (10 of them leap) + 342 days = 15317 days after 1970-01-01;
    // 08:50 that day is 15317 × 86 400 000 + 31 800 000 ms.
    const raw = await parquetReadObjects({ file, parsers: { dateFromDays: (days) => days, timestampFromMilliseconds: (millis) => millis } });
    expect(raw.map((r) => [r.day, r.invoiceDate])).toEqual([
      [15317, 1_323_420_600_000n],
      [1, 1_323_420_600_500n],
      [null, 0n],
    ]);
    expect((await parquetReadObjects({ file })).map((r) => [r.totalAmountMilli, r.lineCount])).toEqual([
      [2_345_678.901, 1n],
      [-27.5, 2n],
      [0.001, 3n],
    ]);
  });

  it.each([
    ['DATE', ['2011-12-09', '2011-13-45'], /^Column "c", row 2: "2011-13-45" is not a DATE/],
    ['DATE', ['2011-02-29'], /row 1: "2011-02-29" is not a DATE/],
    ['DATE', [20111209], /row 1: 20111209 is not a DATE/],
    ['LOCAL_TIMESTAMP', ['2011-12-09T08:50:00Z'], /row 1: .* it has a time zone; declare the column 'TIMESTAMP'/],
    ['LOCAL_TIMESTAMP', ['2011-12-09T24:00:00'], /row 1: "2011-12-09T24:00:00" is not a LOCAL_TIMESTAMP/],
    ['LOCAL_TIMESTAMP', ['2011-12-09'], /is not a LOCAL_TIMESTAMP/],
    ['INT32', [1, 2 ** 31], /row 2: 2147483648 is not an INT32/],
    ['INT64', [1.5], /row 1: 1.5 is not an INT64/],
    ['INT64', [2n ** 63n], /row 1: 9223372036854775808n is not an INT64/],
    ['TIMESTAMP', ['yesterday'], /row 1: "yesterday" is not a TIMESTAMP/],
  ] as const)('rejects a bad %s value, naming column and row', (type, values, message) => {
    expect(() => encode({ c: values }, { c: type })).toThrow(RangeError);
    expect(() => encode({ c: values }, { c: type })).toThrow(message);
  });

  it('rejects a decimal that does not fit its precision, or a precision INT64 cannot hold', () => {
    // 10^18 thousandths has 19 digits; 10^18 - 1 is the largest DECIMAL(18) value.
    expect(() => encode({ amount: [999_999_999_999_999_999n] }, { amount: money })).not.toThrow();
    expect(() => encode({ amount: [1, 10n ** 18n] }, { amount: money })).toThrow(/^Column "amount", row 2: 1000000000000000000n is not a DECIMAL\(18\) value/);
    expect(() => encode({ amount: [-100] }, { amount: { type: 'DECIMAL', precision: 2, scale: 0 } })).toThrow(/more than 2 digits/);
    expect(() => encode({ amount: [1.5] }, { amount: money })).toThrow(/row 1: 1.5 is not an unscaled DECIMAL\(18\) value/);
    expect(() => encode({ amount: [1] }, { amount: { type: 'DECIMAL', precision: 19, scale: 3 } })).toThrow(
      new RangeError('Column "amount": DECIMAL precision 19 is not supported; use a whole number from 1 to 18.'),
    );
    expect(() => encode({ amount: [1] }, { amount: { type: 'DECIMAL', precision: 4, scale: 5 } })).toThrow(/scale 5 must be a whole number from 0/);
  });

  it('writes an empty table with its declared schema', async () => {
    const file = encode({ day: [], amount: [] }, { day: 'DATE', amount: money });
    expect(schemaOf(file).map((e) => [e.name, e.type, e.logical_type?.type])).toEqual([
      ['day', 'INT32', 'DATE'],
      ['amount', 'INT64', 'DECIMAL'],
    ]);
    expect(await parquetReadObjects({ file })).toEqual([]);
  });
});
