import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { cacheFilePath } from './cache-path';
import { holdClient, type S3ClientOrConfig } from './client';
import { DEFAULT_MAX_DECOMPRESSED_BYTES, gunzipCapped } from './decompress';
import { ObjectChangedError } from './errors';
import { bareEtag, quotedEtag, sameEtag } from './etag';
import { errorOrigin, isNotModified, isPreconditionFailed, mapS3Error } from './map-error';
import { verifiedBody } from './object-body';
import { readCacheEntry, storeInCache, type CacheEntry } from './object-cache';
import { formatS3Uri, parseS3Uri } from './s3-uri';

export interface OpenObjectOptions {
  /** Keep downloaded objects in this folder and revalidate them by ETag. Default: none (stream from S3). */
  readonly cacheDir?: string;
  /** With a cache: download even if the cached copy is current. Default: false. */
  readonly forceDownload?: boolean;
  /** Gunzip the bytes: `'auto'` when the key ends with `.gz` or Content-Encoding is gzip. Default: `'auto'`. */
  readonly decompress?: 'auto' | boolean;
  /**
   * Read only this version: the ETag as listed (`ObjectInfo.etag`, quotes optional). The GET carries
   * If-Match, and an object changed since throws `ObjectChangedError`; a cached copy with another
   * ETag is not served. Default: none (read the current version).
   */
  readonly etag?: string;
  /**
   * The object's size as listed (`ObjectInfo.size`, bytes as stored): a body that ends short of it is
   * resumed, never taken as the whole object, even when the answer itself looks complete.
   * Default: the answer's Content-Length (an answer cut cleanly at a shorter length then goes unnoticed,
   * unless the object carries our SHA-256 metadata or S3 sends a checksum).
   */
  readonly size?: number;
  /**
   * Times a body that is cut, goes silent past the client's idle timeout, or ends short is continued
   * with a ranged GET of the same version (If-Match) from its first missing byte, before
   * `ObjectReadError`. Default: 3.
   */
  readonly resumeAttempts?: number;
  /**
   * Most bytes a compressed object may decompress to; past it the body fails with `ObjectTooLargeError`
   * (a gzip bomb stops there, whatever its compressed size). Default: 1 GiB.
   */
  readonly maxDecompressedBytes?: number;
  readonly signal?: AbortSignal;
}

/** An open object: its identity and a stream of its (decompressed) bytes, verified (see `openObjectStream`). */
export interface ObjectStream {
  readonly bucket: string;
  readonly key: string;
  readonly uri: string;
  readonly etag: string;
  /** Bytes as stored (compressed for `.gz`). */
  readonly size: number;
  /** Whether `body` is being gunzipped. */
  readonly gunzip: boolean;
  /** True when the bytes come from the cache (the cached ETag was still current, or S3 was not asked). */
  readonly fromCache: boolean;
  /** The bytes; read it to the end or destroy it. Fails with `ObjectReadError`, `ObjectTooLargeError` or `InvalidGzipError`. */
  readonly body: Readable;
}

/**
 * Opens one object for streaming. With `cacheDir`, a cached copy is revalidated with a
 * conditional GET (If-None-Match: its ETag): S3 answers 304 and the file is read, or sends the
 * new version, which replaces it. Memory stays bounded: bodies are streamed, never buffered whole.
 *
 * Bytes are verified as they come: counted against `size` (or Content-Length), resumed with a ranged
 * GET when the connection is cut, stalls or ends short, and checked against the SHA-256 our uploads
 * keep in metadata and S3's checksums where it sends them. A cached copy is only written once verified.
 */
export async function openObjectStream(clientOrConfig: S3ClientOrConfig, s3Uri: string, options: OpenObjectOptions = {}): Promise<ObjectStream> {
  const { bucket, key } = parseS3Uri(s3Uri);
  if (options.etag !== undefined && bareEtag(options.etag) === '') {
    throw new RangeError(`etag for ${s3Uri} is empty: pass the ETag the object was listed with, or leave the option out`);
  }
  const held = holdClient(clientOrConfig);
  try {
    const opened = options.cacheDir
      ? await openCached(held.client, bucket, key, options.cacheDir, options)
      : await openDirect(held.client, bucket, key, options);
    const gunzip = options.decompress === 'auto' || options.decompress === undefined ? isGzip(key, opened.contentEncoding) : options.decompress;
    const uri = formatS3Uri({ bucket, key });
    const body = gunzip ? gunzipCapped(opened.body, uri, options.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES) : opened.body;
    body.once('close', () => held.release());
    return { bucket, key, uri, etag: opened.etag, size: opened.size, gunzip, fromCache: opened.fromCache, body };
  } catch (error) {
    held.release();
    throw error;
  }
}

interface Opened extends Omit<CacheEntry, 'bucket' | 'key'> {
  readonly body: Readable;
  readonly fromCache: boolean;
}

function isGzip(key: string, contentEncoding: string | undefined): boolean {
  return /\.gz$/i.test(key) || /gzip/i.test(contentEncoding ?? '');
}

/** A GET, conditional on `options.etag` (If-Match) and on a cached copy's ETag (If-None-Match). */
async function get(client: S3Client, bucket: string, key: string, options: OpenObjectOptions, ifNoneMatch?: string): Promise<GetObjectCommandOutput> {
  const { etag: ifMatch, signal } = options;
  // ChecksumMode: S3 sends the object's checksum, when it has one, and the SDK checks the body against it.
  const request = { Bucket: bucket, Key: key, IfMatch: ifMatch === undefined ? undefined : quotedEtag(ifMatch), IfNoneMatch: ifNoneMatch, ChecksumMode: 'ENABLED' as const };
  let object: GetObjectCommandOutput;
  try {
    object = await client.send(new GetObjectCommand(request), { abortSignal: signal });
  } catch (error) {
    if (ifMatch !== undefined && isPreconditionFailed(error)) throw new ObjectChangedError(formatS3Uri({ bucket, key }), ifMatch, errorOrigin(error));
    throw error;
  }
  // A server that ignores If-Match (s3rver does) sends the new version: its ETag gives it away.
  if (ifMatch !== undefined && !sameEtag(object.ETag, ifMatch)) {
    (object.Body as Readable | undefined)?.destroy();
    throw new ObjectChangedError(formatS3Uri({ bucket, key }), ifMatch);
  }
  return object;
}

async function openDirect(client: S3Client, bucket: string, key: string, options: OpenObjectOptions): Promise<Opened> {
  try {
    const object = await get(client, bucket, key, options);
    const { ETag: etag = '', ContentLength: length = 0, ContentEncoding: contentEncoding } = object;
    return { body: verifiedBody(client, bucket, key, object, bodyOptions(options)), etag, size: options.size ?? length, contentEncoding, fromCache: false };
  } catch (error) {
    throw await mapS3Error(error, client, { bucket, key });
  }
}

async function openCached(client: S3Client, bucket: string, key: string, cacheDir: string, options: OpenObjectOptions): Promise<Opened> {
  const path = cacheFilePath(cacheDir, bucket, key);
  const entryOnDisk = options.forceDownload ? undefined : await readCacheEntry(path);
  // Pinned to an ETag, a copy of another version is no copy at all: download (If-Match decides).
  const cached = options.etag === undefined || sameEtag(entryOnDisk?.etag, options.etag) ? entryOnDisk : undefined;
  let object: GetObjectCommandOutput | undefined;
  try {
    object = await get(client, bucket, key, options, cached?.etag);
  } catch (error) {
    if (!(cached && isNotModified(error))) throw await mapS3Error(error, client, { bucket, key });
  }
  let entry = cached;
  if (object) {
    entry = { bucket, key, etag: object.ETag ?? '', size: options.size ?? object.ContentLength ?? 0, contentEncoding: object.ContentEncoding };
    await storeInCache(path, verifiedBody(client, bucket, key, object, bodyOptions(options)), entry);
  }
  const current = entry as CacheEntry;
  return { body: createReadStream(path), etag: current.etag, size: current.size, contentEncoding: current.contentEncoding, fromCache: !object };
}

function bodyOptions(options: OpenObjectOptions): { size?: number; resumeAttempts: number; signal?: AbortSignal } {
  const { size, resumeAttempts = 3, signal } = options;
  if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0)) throw new RangeError(`size must be a whole number of bytes, got ${size}`);
  if (!(Number.isSafeInteger(resumeAttempts) && resumeAttempts >= 0)) throw new RangeError(`resumeAttempts must be a whole number >= 0, got ${resumeAttempts}`);
  return { size, resumeAttempts, signal };
}
