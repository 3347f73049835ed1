import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { withClient, type S3ClientOrConfig } from './client';
import { OutputMismatchError } from './errors';
import { s3Call } from './map-error';
import type { TableFormat } from './output-keys';
import { formatS3Uri, parseS3Uri } from './s3-uri';
import { decodeTableMetadata } from './table-metadata';

/** What HeadObject says about an object, with `writeTable`'s metadata decoded. */
export interface ObjectReport {
  readonly uri: string;
  readonly bucket: string;
  readonly key: string;
  readonly size: number;
  readonly etag: string;
  readonly contentType?: string;
  readonly lastModified?: Date;
  /** All user metadata, as stored. */
  readonly metadata: Readonly<Record<string, string>>;
  /** From `writeTable`'s metadata, when present. */
  readonly rows?: number;
  readonly columns?: readonly string[];
  readonly columnCount?: number;
  readonly createdAt?: string;
  readonly format?: TableFormat;
}

/** What the object must be; each given field is checked. */
export interface VerifyExpectations {
  readonly size?: number;
  /** At least this many bytes (e.g. 1 to refuse empty files). */
  readonly minSize?: number;
  readonly rows?: number;
  readonly columns?: readonly string[];
  /** User metadata entries that must be present with these values. */
  readonly metadata?: Readonly<Record<string, string>>;
}

/**
 * Checks an object with HeadObject (no download): returns its size and metadata, and throws
 * `OutputMismatchError` listing every expectation it fails; `ObjectNotFoundError` if absent.
 */
export async function verifyObject(clientOrConfig: S3ClientOrConfig, s3Uri: string, expected: VerifyExpectations = {}): Promise<ObjectReport> {
  const { bucket, key } = parseS3Uri(s3Uri);
  const head = await withClient(clientOrConfig, (client) =>
    s3Call(client, { bucket, key }, () => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))),
  );
  const metadata = head.Metadata ?? {};
  const report: ObjectReport = {
    uri: formatS3Uri({ bucket, key }),
    bucket,
    key,
    size: head.ContentLength ?? 0,
    etag: head.ETag ?? '',
    contentType: head.ContentType,
    lastModified: head.LastModified,
    metadata,
    ...decodeTableMetadata(metadata),
  };
  const problems = mismatches(report, expected);
  if (problems.length > 0) throw new OutputMismatchError(report.uri, problems);
  return report;
}

function mismatches(report: ObjectReport, expected: VerifyExpectations): string[] {
  const problems: string[] = [];
  if (expected.size !== undefined && report.size !== expected.size) problems.push(`size is ${report.size} bytes, expected ${expected.size}`);
  if (expected.minSize !== undefined && report.size < expected.minSize) problems.push(`size is ${report.size} bytes, expected at least ${expected.minSize}`);
  if (expected.rows !== undefined && report.rows !== expected.rows) problems.push(`rows is ${report.rows ?? 'missing'}, expected ${expected.rows}`);
  if (expected.columns !== undefined && report.columns?.join(',') !== expected.columns.join(',')) {
    problems.push(`columns are ${report.columns ? `[${report.columns.join(', ')}]` : 'missing'}, expected [${expected.columns.join(', ')}]`);
  }
  for (const [name, value] of Object.entries(expected.metadata ?? {})) {
    if (report.metadata[name] !== value) problems.push(`metadata ${name} is ${report.metadata[name] ?? 'missing'}, expected ${value}`);
  }
  return problems;
}
