import { parquetWriteBuffer, type BasicType, type ColumnSource } from 'hyparquet-writer';
import type { Columns } from './table-columns';

/** Parquet column types `writeTable` writes. */
export type ParquetColumnType = 'STRING' | 'BOOLEAN' | 'INT32' | 'INT64' | 'DOUBLE' | 'TIMESTAMP';

const INT32_MAX = 2 ** 31 - 1;

/**
 * The type that holds every non-null value exactly: integers in INT32 when they fit, else INT64
 * (money in thousandths can exceed 2^31), other numbers DOUBLE, dates TIMESTAMP (ms, UTC);
 * strings, mixed or all-null columns STRING.
 */
export function inferParquetType(values: readonly unknown[]): ParquetColumnType {
  let kind: ParquetColumnType | undefined;
  for (const value of values) {
    if (value === null || value === undefined) continue;
    let next: ParquetColumnType;
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

function convert(values: readonly unknown[], type: ParquetColumnType): unknown[] {
  const keep = (value: unknown, to: (v: unknown) => unknown) => (value === null || value === undefined ? null : to(value));
  switch (type) {
    case 'INT64':
      return values.map((v) => keep(v, (x) => (typeof x === 'bigint' ? x : BigInt(Math.trunc(Number(x))))));
    case 'INT32':
    case 'DOUBLE':
      return values.map((v) => keep(v, Number));
    case 'BOOLEAN':
      return values.map((v) => keep(v, Boolean));
    case 'TIMESTAMP':
      return values.map((v) => keep(v, (x) => (x instanceof Date ? x : new Date(x as string | number))));
    case 'STRING':
      return values.map((v) => keep(v, asText));
  }
}

export interface ParquetEncodeOptions {
  /** Column types by name; others are inferred ({@link inferParquetType}). */
  readonly columnTypes?: Readonly<Record<string, ParquetColumnType>>;
  /** Key-value pairs stored in the file footer. */
  readonly keyValues?: Readonly<Record<string, string>>;
}

/** The table as one Parquet file (Snappy-compressed), built in memory. */
export function encodeParquet(columns: Columns, options: ParquetEncodeOptions = {}): Uint8Array {
  const columnData: ColumnSource[] = columns.names.map((name, i) => {
    const values = columns.values[i];
    const type = options.columnTypes?.[name] ?? inferParquetType(values);
    return { name, data: convert(values, type) as ColumnSource['data'], type: type as BasicType, nullable: values.some((v) => v === null || v === undefined) };
  });
  const kvMetadata = Object.entries(options.keyValues ?? {}).map(([key, value]) => ({ key, value }));
  return new Uint8Array(parquetWriteBuffer({ columnData, kvMetadata, createdBy: 'ecomlake s3-extract' }));
}
