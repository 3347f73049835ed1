import { S3ExtractError } from './errors';
import { asPrefix } from './s3-uri';

/** Formats `writeTable` can write. */
export type TableFormat = 'csv' | 'parquet';

/** `latest`, or the UTC time an output was written as `YYYYMMDDTHHMMSSZ`. */
export type OutputVersion = 'latest' | string;

/** An output name that cannot make a key; the message says which names work. */
export class InvalidOutputNameError extends S3ExtractError {
  override readonly name = 'InvalidOutputNameError';
  constructor(readonly outputName: string) {
    super(`Invalid output name "${outputName}": use letters, digits, "-", "_" or "." (e.g. "orders"), without "/" and not ending in "_latest".`);
  }
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const OUTPUT_KEY = /^(?<name>[A-Za-z0-9][A-Za-z0-9._-]*?)_(?<version>latest|\d{8}T\d{6}Z)\.(?<format>csv|parquet)$/;

export function validateOutputName(name: string): void {
  if (!NAME.test(name) || name.endsWith('_latest') || name.length > 200) throw new InvalidOutputNameError(name);
}

/** `2026-11-28T10:15:00.123Z` → `20261128T101500Z` (UTC, seconds). */
export function formatTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** `20261128T101500Z` → the Date it names. */
export function parseTimestamp(stamp: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (!m) throw new RangeError(`Not a YYYYMMDDTHHMMSSZ timestamp: "${stamp}"`);
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

/** The key of one version of an output: `<prefix>/<name>_<version>.<format>`. */
export function outputKey(prefix: string, name: string, version: OutputVersion, format: TableFormat): string {
  validateOutputName(name);
  return `${asPrefix(prefix)}${name}_${version}.${format}`;
}

/** What an output key says about itself, or undefined for keys that are not outputs. */
export function parseOutputKey(key: string): { name: string; version: OutputVersion; format: TableFormat } | undefined {
  const groups = OUTPUT_KEY.exec(key.slice(key.lastIndexOf('/') + 1))?.groups;
  return groups ? { name: groups.name, version: groups.version, format: groups.format as TableFormat } : undefined;
}
