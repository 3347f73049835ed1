import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { cacheMetaPath } from './cache-path';

/** What the sidecar records about the cached copy. */
export interface CacheEntry {
  readonly bucket: string;
  readonly key: string;
  readonly etag: string;
  /** Bytes as stored in S3 (still compressed for `.gz`). */
  readonly size: number;
  readonly contentEncoding?: string;
}

/** The cached entry, or undefined when absent, unreadable or not matching the data file's size. */
export async function readCacheEntry(dataPath: string): Promise<CacheEntry | undefined> {
  try {
    const entry = JSON.parse(await readFile(cacheMetaPath(dataPath), 'utf8')) as CacheEntry;
    const data = await stat(dataPath);
    return typeof entry.etag === 'string' && entry.etag !== '' && data.size === entry.size ? entry : undefined;
  } catch {
    return undefined;
  }
}

let counter = 0;

/**
 * Writes the body to the cache. Data and sidecar are each written to a temp file and renamed,
 * data first: a crash leaves at worst an old sidecar, whose ETag then fails revalidation.
 */
export async function storeInCache(dataPath: string, body: Readable, entry: CacheEntry): Promise<void> {
  await mkdir(dirname(dataPath), { recursive: true });
  const temp = `${dataPath}.${process.pid}.${++counter}.part`;
  try {
    await pipeline(body, createWriteStream(temp));
    const written = (await stat(temp)).size;
    await rename(temp, dataPath);
    await writeFile(`${temp}.meta`, JSON.stringify({ ...entry, size: written }));
    await rename(`${temp}.meta`, cacheMetaPath(dataPath));
  } finally {
    await rm(temp, { force: true });
    await rm(`${temp}.meta`, { force: true });
  }
}
