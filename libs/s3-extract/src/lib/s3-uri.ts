import { InvalidS3UriError } from './errors';

/** A bucket and a key (or key prefix; `''` means the whole bucket). */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

// S3's bucket naming rules, minus the legacy upper-case names AWS no longer allows.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Parses `s3://bucket/key`; throws `InvalidS3UriError` saying what is wrong. */
export function parseS3Uri(uri: string): S3Location {
  if (typeof uri !== 'string' || !uri.startsWith('s3://')) {
    throw new InvalidS3UriError(String(uri), 'it must start with s3://');
  }
  const rest = uri.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const key = slash === -1 ? '' : rest.slice(slash + 1);
  if (bucket === '') throw new InvalidS3UriError(uri, 'the bucket name is missing');
  if (!BUCKET.test(bucket) || bucket.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(bucket)) {
    throw new InvalidS3UriError(uri, `"${bucket}" is not a valid bucket name (3-63 lower-case letters, digits, dots, hyphens)`);
  }
  if (Buffer.byteLength(key, 'utf8') > 1024) throw new InvalidS3UriError(uri, 'the key is longer than 1024 bytes');
  return { bucket, key };
}

/** Formats a location as `s3://bucket/key`. */
export function formatS3Uri(location: S3Location): string {
  return `s3://${location.bucket}/${location.key}`;
}

/** The key as a prefix: `''` stays `''` (whole bucket), otherwise it ends with `/`. */
export function asPrefix(key: string): string {
  return key === '' || key.endsWith('/') ? key : `${key}/`;
}

/** Joins a prefix and a relative path with exactly one `/`. */
export function joinKey(prefix: string, relative: string): string {
  return `${asPrefix(prefix)}${relative.replace(/^\/+/, '')}`;
}
