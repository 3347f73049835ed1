/**
 * Converts one column's values to what its declared Parquet type stores, strictly: a value
 * that does not fit its type is a RangeError naming the column and the row, never a silent
 * truncation or wrap-around in the file.
 */

const DAY_MS = 86_400_000;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/** Parquet stores DECIMAL(p ≤ 18) in INT64; wider ones need byte arrays, which we do not write. */
export const MAX_INT64_DECIMAL_PRECISION = 18;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/;
const ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;
const INTEGER_TEXT = /^[+-]?\d+$/;

/** Where a value sits, for messages: rows count from 1, as a reader of the table counts them. */
export interface ValueAt {
  readonly column: string;
  readonly row: number;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : `Date(${value.toISOString()})`;
  return String(value);
}

export function valueError(at: ValueAt, value: unknown, expected: string): RangeError {
  return new RangeError(`Column "${at.column}", row ${at.row + 1}: ${describe(value)} is not ${expected}.`);
}

/** Milliseconds since the epoch of a wall-clock time read as UTC, or undefined when a field is out of range. */
function wallClockMillis(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number | undefined {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  const same =
    date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  return same ? date.getTime() : undefined;
}

/** `'YYYY-MM-DD'`, or a Date by its UTC calendar day → days since 1970-01-01. */
export function toDateDays(value: unknown, at: ValueAt): number {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return Math.floor(value.getTime() / DAY_MS);
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  const millis = m ? wallClockMillis(+m[1], +m[2], +m[3]) : undefined;
  if (millis === undefined) throw valueError(at, value, 'a DATE (a YYYY-MM-DD string or a Date)');
  return millis / DAY_MS;
}

/**
 * `'YYYY-MM-DDTHH:mm[:ss[.SSS]]'` (or a space for `T`) with no zone → wall-clock milliseconds, as
 * Parquet's TIMESTAMP(isAdjustedToUTC = false) stores them. A Date counts by its UTC fields.
 */
export function toLocalTimestampMillis(value: unknown, at: ValueAt): bigint {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return BigInt(value.getTime());
  if (typeof value === 'string' && ZONE.test(value.trim())) {
    throw valueError(at, value, "a LOCAL_TIMESTAMP: it has a time zone; declare the column 'TIMESTAMP' for instants");
  }
  const m = typeof value === 'string' ? LOCAL_TIMESTAMP.exec(value) : null;
  const millis = m ? wallClockMillis(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0), +(m[7] ?? '0').padEnd(3, '0')) : undefined;
  if (millis === undefined) throw valueError(at, value, 'a LOCAL_TIMESTAMP (YYYY-MM-DDTHH:mm:ss, no zone)');
  return BigInt(millis);
}

/** A Date, an ISO-8601 string or epoch milliseconds → the instant, for TIMESTAMP (UTC). */
export function toInstant(value: unknown, at: ValueAt): Date {
  const date = value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  if (date === undefined || Number.isNaN(date.getTime())) throw valueError(at, value, 'a TIMESTAMP (a Date, an ISO-8601 string or epoch milliseconds)');
  return date;
}

/** An integer as a bigint: a bigint, an integral number, or a string of digits. */
function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : undefined;
  if (typeof value === 'string' && INTEGER_TEXT.test(value.trim())) return BigInt(value.trim());
  return undefined;
}

export function toInt64(value: unknown, at: ValueAt): bigint {
  const n = toBigInt(value);
  if (n === undefined || n < INT64_MIN || n > INT64_MAX) throw valueError(at, value, 'an INT64 (a whole number within ±2^63)');
  return n;
}

export function toInt32(value: unknown, at: ValueAt): number {
  const n = toBigInt(value);
  if (n === undefined || n < INT32_MIN || n > INT32_MAX) throw valueError(at, value, "an INT32 (a whole number within ±2^31); declare 'INT64' for larger ones");
  return Number(n);
}

/** Checks a DECIMAL declaration; INT64 storage caps the precision at 18 digits. */
export function checkDecimal(column: string, precision: number, scale: number): void {
  if (!Number.isInteger(precision) || precision < 1 || precision > MAX_INT64_DECIMAL_PRECISION) {
    throw new RangeError(`Column "${column}": DECIMAL precision ${precision} is not supported; use a whole number from 1 to ${MAX_INT64_DECIMAL_PRECISION}.`);
  }
  if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
    throw new RangeError(`Column "${column}": DECIMAL scale ${scale} must be a whole number from 0 to the precision (${precision}).`);
  }
}

/** An unscaled integer (`12345` with scale 3 is 12.345) that fits `precision` digits. */
export function toDecimalUnscaled(value: unknown, precision: number, at: ValueAt): bigint {
  const n = typeof value === 'bigint' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined;
  const limit = 10n ** BigInt(precision);
  if (n === undefined) throw valueError(at, value, `an unscaled DECIMAL(${precision}) value (a safe integer number or a bigint, e.g. pounds in thousandths)`);
  if (n >= limit || n <= -limit) throw valueError(at, value, `a DECIMAL(${precision}) value: it has more than ${precision} digits`);
  return n;
}
