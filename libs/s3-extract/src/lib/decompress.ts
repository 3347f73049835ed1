import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InvalidGzipError, ObjectTooLargeError, S3ExtractError } from './errors';

/** Default cap on the bytes a compressed object may decompress to: 1 GiB. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 1024 * 1024 * 1024;

/**
 * The gunzipped bytes of `source`, streamed, stopping with `ObjectTooLargeError` once they pass
 * `maxBytes`: the decision rests on bytes decompressed, never on the compressed size, so a small
 * gzip bomb stops early. Bytes that are not gzip fail with `InvalidGzipError` naming the object.
 */
export function gunzipCapped(source: Readable, uri: string, maxBytes: number): Readable {
  return Readable.from(gunzipChunks(source, uri, maxBytes), { objectMode: false });
}

async function* gunzipChunks(source: Readable, uri: string, maxBytes: number): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  // Errors of the source reach the loop below through gunzip; this promise only must not go unhandled.
  const feeding = pipeline(source, gunzip).catch(() => undefined);
  let total = 0;
  try {
    for await (const chunk of gunzip) {
      const bytes = chunk as Buffer;
      total += bytes.length;
      if (total > maxBytes) throw new ObjectTooLargeError(uri, maxBytes);
      yield bytes;
    }
    await feeding;
  } catch (error) {
    if (error instanceof S3ExtractError) throw error;
    if (isZlibError(error)) throw new InvalidGzipError(uri, (error as Error).message);
    throw error;
  } finally {
    gunzip.destroy();
    source.destroy();
  }
}

function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && code.startsWith('Z_');
}
