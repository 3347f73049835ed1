import { GetObjectCommand, type GetObjectCommandOutput, type S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { EndpointUnavailableError, S3EndpointUnreachableError, ObjectChangedError, ObjectReadError, S3ExtractError, type ErrorOrigin } from './errors';
import { quotedEtag, sameEtag } from './etag';
import { describeEndpoint, errorOrigin, isPreconditionFailed, mapS3Error, unavailableReason } from './map-error';
import { formatS3Uri } from './s3-uri';
import { SHA256_METADATA_KEY } from './file-digest';

export interface BodyOptions {
  /** The object's size as listed; the bytes read must add up to it. Default: the first answer's Content-Length. */
  readonly size?: number;
  /** Ranged GETs that continue a cut, stalled or short body from its first missing byte. */
  readonly resumeAttempts: number;
  readonly signal?: AbortSignal;
}

interface Part {
  readonly chunks: AsyncIterable<Uint8Array>;
  destroy(): void;
}

/**
 * The bytes of one object as an answer to GetObject, checked and completed: bytes are counted
 * against the listed size (or Content-Length), a body that is cut, goes silent (the client's idle
 * timeout) or ends short is continued by a ranged GET pinned to the first answer's ETag, and the
 * whole is checked against the SHA-256 our uploads keep in metadata (S3's own checksums are checked
 * by the SDK when the GET asks for them). What cannot be completed fails with `ObjectReadError`.
 */
export function verifiedBody(client: S3Client, bucket: string, key: string, first: GetObjectCommandOutput, options: BodyOptions): Readable {
  return Readable.from(verifiedChunks(client, bucket, key, first, options), { objectMode: false });
}

async function* verifiedChunks(client: S3Client, bucket: string, key: string, first: GetObjectCommandOutput, options: BodyOptions): AsyncGenerator<Uint8Array> {
  const uri = formatS3Uri({ bucket, key });
  const expected = options.size ?? first.ContentLength;
  const sha256 = first.Metadata?.[SHA256_METADATA_KEY]?.toLowerCase();
  const hash = sha256 && /^[0-9a-f]{64}$/.test(sha256) ? createHash('sha256') : undefined;
  const etag = first.ETag;
  let part: Part | undefined = asPart(first.Body as Readable);
  let received = 0;
  let attempts = 1;
  let reason: string;
  let origin: ErrorOrigin | undefined;
  const fail = async (why: string, cause?: ErrorOrigin): Promise<never> => {
    throw new ObjectReadError(uri, await describeEndpoint(client), { bytesRead: received, expectedBytes: expected, attempts, reason: why }, cause);
  };
  try {
    for (;;) {
      try {
        part ??= await resume(client, bucket, key, etag, received, options.signal);
        for await (const chunk of part.chunks) {
          received += chunk.length;
          if (expected !== undefined && received > expected) await fail(`the answers hold more bytes than the object's ${expected}`);
          hash?.update(chunk);
          yield chunk;
        }
        if (expected === undefined || received === expected) break;
        reason = `an answer ended early, after ${received} bytes`;
      } catch (error) {
        if (error instanceof ObjectReadError || options.signal?.aborted) throw error;
        // Checksums are checked once all bytes are in: no later answer can repair them.
        if (/checksum mismatch/i.test(String((error as Error)?.message))) await fail('the bytes do not match the checksum S3 sent');
        const mapped = await mapS3Error(error, client, { bucket, key });
        if (mapped instanceof S3ExtractError && !(mapped instanceof S3EndpointUnreachableError || mapped instanceof EndpointUnavailableError)) throw mapped;
        reason = whyStopped(error);
        origin = errorOrigin(error);
      }
      part?.destroy();
      part = undefined;
      if (attempts > options.resumeAttempts) await fail(reason, origin);
      attempts += 1;
    }
  } finally {
    part?.destroy();
  }
  if (hash && hash.digest('hex') !== sha256) await fail(`the bytes do not match the SHA-256 in its metadata (${SHA256_METADATA_KEY})`);
}

function asPart(body: Readable): Part {
  return { chunks: body, destroy: () => body.destroy() };
}

/** A GET for the rest of the object, of the same version; a server that ignores Range sends it all, and what was read is skipped. */
async function resume(client: S3Client, bucket: string, key: string, etag: string | undefined, from: number, signal: AbortSignal | undefined): Promise<Part> {
  const uri = formatS3Uri({ bucket, key });
  // No range from 0: an empty object has no byte 0 to ask for.
  const range = from > 0 ? `bytes=${from}-` : undefined;
  let answer: GetObjectCommandOutput;
  try {
    answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range, IfMatch: etag ? quotedEtag(etag) : undefined }), { abortSignal: signal });
  } catch (error) {
    if (etag && isPreconditionFailed(error)) throw new ObjectChangedError(uri, etag, errorOrigin(error));
    throw error;
  }
  const body = answer.Body as Readable;
  if (etag && !sameEtag(answer.ETag, etag)) {
    body.destroy();
    throw new ObjectChangedError(uri, etag);
  }
  if (range === undefined || answer.ContentRange?.startsWith(`bytes ${from}-`)) return asPart(body);
  return { chunks: skip(body, from), destroy: () => body.destroy() };
}

async function* skip(body: AsyncIterable<Uint8Array>, bytes: number): AsyncGenerator<Uint8Array> {
  let left = bytes;
  for await (const chunk of body) {
    if (left >= chunk.length) {
      left -= chunk.length;
      continue;
    }
    yield left > 0 ? chunk.subarray(left) : chunk;
    left = 0;
  }
}

/** Why a body stopped, for people. */
function whyStopped(error: unknown): string {
  const unavailable = unavailableReason(error);
  if (unavailable) return unavailable;
  const text = `${(error as { code?: string })?.code ?? ''} ${(error as Error)?.message ?? ''}`;
  if (/aborted|ECONNRESET|EPIPE|socket hang up|premature close/i.test(text)) return 'the connection was cut';
  return text.trim() || 'the connection failed';
}
