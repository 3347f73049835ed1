// hyparquet-writer's own copy of hyparquet's types: the top-level hyparquet may be another version.
import { parquetWriteBuffer, type ColumnSource, type SchemaElement } from 'hyparquet-writer';
import { checkDecimal, toDateDays, toDecimalUnscaled, toInstant, toInt32, toInt64, toLocalTimestampMillis, type ValueAt } from './parquet-values';
import type { Columns } from './table-columns';

/**
 * An exact decimal stored as INT64 with Parquet's DECIMAL logical type: values are the unscaled
 * integers (number or bigint), so money in thousandths with `scale: 3` reads back as exact pounds.
 */
export interface ParquetDecimalType {
  readonly type: 'DECIMAL';
  /** Total digits, 1 to 18 (INT64 storage). */
  readonly precision: number;
  /** Digits after the point, 0 to `precision`. */
  readonly scale: number;
}

/**
 * Parquet column types `writeDatasetPart` writes:
 * - `'STRING'`, `'BOOLEAN'`, `'INT32'`, `'INT64'` (always 64-bit when declared), `'DOUBLE'`;
 * - `'TIMESTAMP'`: instants (Date, ISO-8601 string), INT64 ms adjusted to UTC;
 * - `'LOCAL_TIMESTAMP'`: `'YYYY-MM-DDTHH:mm:ss'` wall-clock times with no zone, INT64 ms,
 *   TIMESTAMP(isAdjustedToUTC = false): DuckDB reads `TIMESTAMP`, Spark and Athena `timestamp`;
 * - `'DATE'`: `'YYYY-MM-DD'` (or a Date, by its UTC day), INT32 days since 1970-01-01;
 * - {@link ParquetDecimalType}: exact decimals.
 */
export type ParquetColumnType = 'STRING' | 'BOOLEAN' | 'INT32' | 'INT64' | 'DOUBLE' | 'TIMESTAMP' | 'LOCAL_TIMESTAMP' | 'DATE' | ParquetDecimalType;

/** The types {@link inferParquetType} picks for columns without a declared type. */
export type InferredParquetType = 'STRING' | 'BOOLEAN' | 'INT32' | 'INT64' | 'DOUBLE' | 'TIMESTAMP';

const INT32_MAX = 2 ** 31 - 1;

/**
 * The type that holds every non-null value exactly: integers in INT32 when they fit, else INT64
 * (money in thousandths can exceed 2^31), other numbers DOUBLE, dates TIMESTAMP (ms, UTC);
 * strings, mixed or all-null columns STRING.
 */
export function inferParquetType(values: readonly unknown[]): InferredParquetType {
  let kind: InferredParquetType | undefined;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    let next: InferredParquetType;
    if (typeof value === 'boolean') next = 'BOOLEAN';
    else if (typeof value === 'bigint') next = 'INT64';
    else if (typeof value === 'number') next = Number.isInteger(value) ? (Math.abs(value) <= INT32_MAX ? 'INT32' : 'INT64') : 'DOUBLE';
    else if (value instanceof Date) next = 'TIMESTAMP';
    else next = 'STRING';
    if (kind === undefined || kind === next) kind = next;
    else if ((kind === 'INT32' && next === 'INT64') || (kind === 'INT64' && next === 'INT32')) kind = 'INT64';
    else if ((kind === 'INT32' || kind === 'INT64') && next === 'DOUBLE') kind = 'DOUBLE';
    else if (kind === 'DOUBLE' && (next === 'INT32' || next === 'INT64')) kind = 'DOUBLE';
    else return 'STRING';
  }
  return kind ?? 'STRING';
}

function asText(x: unknown): string {
  if (typeof x === 'string') return x;
  if (x instanceof Date) return x.toISOString();
  return typeof x === 'object' ? JSON.stringify(x) : String(x);
}

/** One column's schema element (its repetition aside) and the values it stores, nulls kept. */
function columnOf(name: string, values: readonly unknown[], type: ParquetColumnType): { element: Omit<SchemaElement, 'repetition_type'>; data: unknown[] } {
  const each = <T>(to: (value: unknown, at: ValueAt) => T): (T | null)[] =>
    values.map((value, row) => (value === null || value === undefined ? null : to(value, { column: name, row })));
  if (typeof type === 'object') {
    checkDecimal(name, type.precision, type.scale);
    const { precision, scale } = type;
    return {
      element: { name, type: 'INT64', converted_type: 'DECIMAL', precision, scale, logical_type: { type: 'DECIMAL', precision, scale } },
      data: each((v, at) => toDecimalUnscaled(v, precision, at)),
    };
  }
  switch (type) {
    case 'STRING':
      return { element: { name, type: 'BYTE_ARRAY', converted_type: 'UTF8' }, data: each(asText) };
    case 'BOOLEAN':
      return { element: { name, type: 'BOOLEAN' }, data: each(Boolean) };
    case 'INT32':
      return { element: { name, type: 'INT32' }, data: each(toInt32) };
    case 'INT64':
      return { element: { name, type: 'INT64' }, data: each(toInt64) };
    case 'DOUBLE':
      return { element: { name, type: 'DOUBLE' }, data: each(Number) };
    case 'TIMESTAMP':
      return { element: { name, type: 'INT64', converted_type: 'TIMESTAMP_MILLIS' }, data: each(toInstant) };
    case 'LOCAL_TIMESTAMP':
      // No converted type: TIMESTAMP_MILLIS would declare the values adjusted to UTC.
      return { element: { name, type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: false, unit: 'MILLIS' } }, data: each(toLocalTimestampMillis) };
    case 'DATE':
      return { element: { name, type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } }, data: each(toDateDays) };
    default:
      throw new RangeError(`Column "${name}": unknown Parquet type ${JSON.stringify(type)}.`);
  }
}

export interface ParquetEncodeOptions {
  /** Column types by name; others are inferred ({@link inferParquetType}). */
  readonly columnTypes?: Readonly<Record<string, ParquetColumnType>>;
  /** Key-value pairs stored in the file footer. */
  readonly keyValues?: Readonly<Record<string, string>>;
}

/**
 * The table as one Parquet file (Snappy-compressed), built in memory. The schema is written out
 * in full, so a declared type is what the file says whatever the values (an `INT64` of small
 * numbers stays INT64): parts of one dataset then share one schema.
 */
export function encodeParquet(columns: Columns, options: ParquetEncodeOptions = {}): Uint8Array {
  const schema: SchemaElement[] = [{ name: 'root', num_children: columns.names.length }];
  const columnData: ColumnSource[] = columns.names.map((name, i) => {
    const values = columns.values[i];
    const { element, data } = columnOf(name, values, options.columnTypes?.[name] ?? inferParquetType(values));
    const nullable = data.some((v) => v === null);
    schema.push({ ...element, repetition_type: nullable ? 'OPTIONAL' : 'REQUIRED' });
    return { name, data: data as ColumnSource['data'] };
  });
  const kvMetadata = Object.entries(options.keyValues ?? {}).map(([key, value]) => ({ key, value }));
  return new Uint8Array(parquetWriteBuffer({ columnData, schema, kvMetadata, createdBy: 'ecomlake s3-extract' }));
}
