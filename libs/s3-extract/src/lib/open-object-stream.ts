import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { createReadStream } from 'node:fs';
import { Readable, pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { cacheFilePath } from './cache-path';
import { holdClient, type S3ClientOrConfig } from './client';
import { ObjectChangedError } from './errors';
import { bareEtag, quotedEtag, sameEtag } from './etag';
import { errorOrigin, isNotModified, isPreconditionFailed, mapS3Error } from './map-error';
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
  readonly signal?: AbortSignal;
}

/** An open object: its identity and a stream of its (decompressed) bytes. */
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
  /** The bytes; read it to the end or destroy it. */
  readonly body: Readable;
}

/**
 * Opens one object for streaming. With `cacheDir`, a cached copy is revalidated with a
 * conditional GET (If-None-Match: its ETag): S3 answers 304 and the file is read, or sends the
 * new version, which replaces it. Memory stays bounded: bodies are streamed, never buffered whole.
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
    const body = gunzip ? pipeline(opened.body, createGunzip(), () => undefined) : opened.body;
    body.once('close', () => held.release());
    return { bucket, key, uri: formatS3Uri({ bucket, key }), etag: opened.etag, size: opened.size, gunzip, fromCache: opened.fromCache, body };
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
  const request = { Bucket: bucket, Key: key, IfMatch: ifMatch === undefined ? undefined : quotedEtag(ifMatch), IfNoneMatch: ifNoneMatch };
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
    const { ETag: etag = '', ContentLength: size = 0, ContentEncoding: contentEncoding } = object;
    return { body: object.Body as Readable, etag, size, contentEncoding, fromCache: false };
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
    entry = { bucket, key, etag: object.ETag ?? '', size: object.ContentLength ?? 0, contentEncoding: object.ContentEncoding };
    await storeInCache(path, object.Body as Readable, entry);
  }
  const current = entry as CacheEntry;
  return { body: createReadStream(path), etag: current.etag, size: current.size, contentEncoding: current.contentEncoding, fromCache: !object };
}
