import type { S3ClientOrConfig } from './client';
import { listObjects, type ListObjectsOptions, type ObjectInfo } from './list-objects';
import { parseOutputKey, parseTimestamp, type OutputVersion, type TableFormat } from './output-keys';
import { asPrefix, formatS3Uri, parseS3Uri } from './s3-uri';

/** An object written by `writeTable`, recognised by its key. */
export interface OutputObject extends ObjectInfo {
  readonly name: string;
  readonly format: TableFormat;
  readonly version: OutputVersion;
  /** For timestamped versions: the time in the key. */
  readonly writtenAt?: Date;
}

export interface ListOutputsOptions extends ListObjectsOptions {
  /** Only this output name. Default: all. */
  readonly name?: string;
  /** Only this format. Default: both. */
  readonly format?: TableFormat;
  /** Only `latest` copies (true) or only timestamped ones (false). Default: both. */
  readonly latest?: boolean;
}

/**
 * The outputs under a prefix (taken as a folder, sub-folders included), in key order, so the
 * timestamped versions of one name come oldest first and its `latest` after them. Other objects are skipped.
 */
export async function* listOutputs(clientOrConfig: S3ClientOrConfig, s3UriPrefix: string, options: ListOutputsOptions = {}): AsyncGenerator<OutputObject> {
  const { bucket, key } = parseS3Uri(s3UriPrefix);
  for await (const object of listObjects(clientOrConfig, formatS3Uri({ bucket, key: asPrefix(key) }), options)) {
    const parsed = parseOutputKey(object.key);
    if (!parsed) continue;
    if (options.name !== undefined && parsed.name !== options.name) continue;
    if (options.format !== undefined && parsed.format !== options.format) continue;
    if (options.latest !== undefined && (parsed.version === 'latest') !== options.latest) continue;
    yield { ...object, ...parsed, writtenAt: parsed.version === 'latest' ? undefined : parseTimestamp(parsed.version) };
  }
}
