import { HeadObjectCommand, type HeadObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { mapConcurrent } from '@ecomlake/util';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { withClient, type S3ClientOrConfig } from './client';
import { contentTypeFor } from './content-type';
import { bareEtag } from './etag';
import { fileDigest, SHA256_METADATA_KEY, type FileDigest } from './file-digest';
import { errorOrigin, mapS3Error, s3Call } from './map-error';
import { removeObjectsExcept } from './remove-objects';
import { asPrefix, formatS3Uri, joinKey, parseS3Uri } from './s3-uri';
import { walkFiles, type LocalFile } from './walk-files';

export { SHA256_METADATA_KEY };

export interface UploadOptions {
  /** Files uploaded at once. Default: 4. */
  readonly concurrency?: number;
  /** Multipart part size in bytes (S3's minimum is 5 MiB); smaller files go in one PUT. Default: 8 MiB. */
  readonly partSize?: number;
  /** Parts of one file uploaded at once. Default: 4. */
  readonly queueSize?: number;
  /** Content-Type, fixed or per relative path. Default: from the extension (`.csv` → `text/csv`). */
  readonly contentType?: string | ((relativePath: string) => string);
  /** Which files to upload, by `/`-separated path relative to the folder. Default: all. */
  readonly filter?: (relativePath: string) => boolean;
  /** Upload even when the object already has the same size and checksum. Default: false. */
  readonly force?: boolean;
  /** Extra user metadata for every object. Default: none. */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Called once per file when it is done. Default: none. */
  readonly onFile?: (result: UploadedObject) => void;
  /**
   * Mirror: once every file is uploaded or skipped, delete the other objects under the URI's key
   * taken as a folder (`raw/day-1` → `raw/day-1/`, never `raw/day-10/`), files the `filter` rejects
   * included, so the prefix holds exactly these files. Needs a folder prefix: refused (RangeError)
   * for an empty key (the whole bucket) and for a single file sent to an exact key. Default: false.
   */
  readonly removeOthers?: boolean;
}

export interface UploadedObject {
  /** The local file. */
  readonly path: string;
  /** The object's key in the bucket. */
  readonly key: string;
  /** `s3://bucket/key`. */
  readonly uri: string;
  readonly size: number;
  readonly sha256: string;
  /** The object's ETag as S3 returns it, quotes included (as `ObjectInfo.etag`): pin reads to it with `etag`. */
  readonly etag: string;
  readonly status: 'uploaded' | 'skipped';
  /** Parts sent: 1 for a single PUT, more for a multipart upload, 0 when skipped. */
  readonly parts: number;
}

export interface UploadSummary {
  /** Objects written. */
  readonly uploaded: number;
  /** Objects left alone because S3 already held the same bytes. */
  readonly skipped: number;
  /** Bytes sent (skipped files not counted). */
  readonly bytes: number;
  /** One entry per file, in relative-path order. */
  readonly objects: readonly UploadedObject[];
  /** Keys (not URIs: the bucket is the URI's) deleted by `removeOthers`, in key order; empty without it. */
  readonly removed: readonly string[];
}

const MiB = 1024 * 1024;

/**
 * Uploads a file or every file under a folder. A folder's files land under the URI's key as
 * a prefix, keeping their relative paths; a single file lands at the key itself, or under it
 * when the key ends with `/` (or is empty). Large files go multipart. With `removeOthers`, the
 * prefix is then made to hold exactly these files.
 */
export async function uploadFiles(
  clientOrConfig: S3ClientOrConfig,
  localPathOrDir: string,
  s3Uri: string,
  options: UploadOptions = {},
): Promise<UploadSummary> {
  const { bucket, key } = parseS3Uri(s3Uri);
  const { concurrency = 4, filter } = options;
  const isDir = (await stat(localPathOrDir)).isDirectory();
  if (options.removeOthers) checkMirrorTarget(s3Uri, bucket, key, isDir);
  const files = (await walkFiles(localPathOrDir)).filter((file) => !isDir || !filter || filter(file.relative));
  const keyOf = (file: LocalFile): string =>
    isDir || key === '' || key.endsWith('/') ? joinKey(isDir ? asPrefix(key) : key, file.relative) : key;
  return withClient(clientOrConfig, async (client) => {
    const objects = await mapConcurrent(files, concurrency, async (file) => {
      const result = await uploadOne(client, file, bucket, keyOf(file), options);
      options.onFile?.(result);
      return result;
    });
    const sent = objects.filter((o) => o.status === 'uploaded');
    const removed = options.removeOthers ? await removeObjectsExcept(client, bucket, asPrefix(key), new Set(objects.map((o) => o.key))) : [];
    return { uploaded: sent.length, skipped: objects.length - sent.length, bytes: sent.reduce((n, o) => n + o.size, 0), objects, removed };
  });
}

/** `removeOthers` mirrors a folder prefix; anything wider or vaguer is refused before a byte is sent. */
function checkMirrorTarget(s3Uri: string, bucket: string, key: string, isDir: boolean): void {
  if (key === '') {
    throw new RangeError(
      `removeOthers with ${s3Uri} would delete every other object in the bucket: give a folder prefix, e.g. ${formatS3Uri({ bucket, key: 'raw/' })}`,
    );
  }
  if (!isDir && !key.endsWith('/')) {
    throw new RangeError(`removeOthers mirrors a folder, but ${s3Uri} names one object: upload a folder, or end the URI with '/'`);
  }
}

async function uploadOne(client: S3Client, file: LocalFile, bucket: string, key: string, options: UploadOptions): Promise<UploadedObject> {
  const digest = await fileDigest(file.path);
  const base = { path: file.path, key, uri: formatS3Uri({ bucket, key }), size: digest.size, sha256: digest.sha256 };
  const head = options.force ? undefined : await headIfExists(client, bucket, key);
  if (head && sameContent(head, digest)) return { ...base, etag: head.ETag ?? '', status: 'skipped', parts: 0 };
  const { partSize = 8 * MiB, queueSize = 4, contentType, metadata } = options;
  const type = typeof contentType === 'function' ? contentType(file.relative) : (contentType ?? contentTypeFor(file.relative));
  const upload = new Upload({
    client,
    partSize,
    queueSize,
    leavePartsOnError: false,
    params: {
      Bucket: bucket,
      Key: key,
      Body: createReadStream(file.path),
      ContentType: type,
      Metadata: { ...metadata, [SHA256_METADATA_KEY]: digest.sha256 },
    },
  });
  let parts = 0;
  upload.on('httpUploadProgress', (progress) => {
    parts = Math.max(parts, progress.part ?? 1);
  });
  const done = await s3Call(client, { bucket, key }, () => upload.done());
  // PutObject and CompleteMultipartUpload both return the ETag; ask for it only if a server left it out.
  const etag = done.ETag ?? (await s3Call(client, { bucket, key }, () => client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })))).ETag;
  return { ...base, etag: etag ?? '', status: 'uploaded', parts: Math.max(parts, 1) };
}

/** The object's HeadObject, or undefined when nothing is there yet. */
async function headIfExists(client: S3Client, bucket: string, key: string): Promise<HeadObjectCommandOutput | undefined> {
  try {
    return await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    // A bare 404: nothing there yet (a missing bucket then fails the upload itself, with its own error).
    if (errorOrigin(error).httpStatus === 404) return undefined;
    throw await mapS3Error(error, client, { bucket, key });
  }
}

/** Same size and same content: our SHA-256 metadata, or (for others' single-part uploads) an MD5 ETag. */
function sameContent(head: HeadObjectCommandOutput, digest: FileDigest): boolean {
  if (head.ContentLength !== digest.size) return false;
  const stored = head.Metadata?.[SHA256_METADATA_KEY];
  if (stored !== undefined) return stored === digest.sha256;
  return head.ETag !== undefined && bareEtag(head.ETag) === digest.md5;
}
