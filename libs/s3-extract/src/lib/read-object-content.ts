import { readCsvBatches } from '@ecomlake/csv';
import type { RawRow } from '@ecomlake/model';
import type { S3ClientOrConfig } from './client';
import { openObjectStream, type ObjectStream } from './open-object-stream';
import type { ReadRecordsOptions } from './read-records';

export interface ReadObjectContentOptions extends ReadRecordsOptions {
  /**
   * Most bytes returned whole, counted as read (decompressed for `.gz`); a larger object comes as
   * streamed rows instead, starting with the bytes already read. Keep it well below 512 MiB, the
   * longest string V8 can decode bytes into. Default: 32 MiB.
   */
  readonly wholeBytes?: number;
}

/** What `readObjectContent` found: a small object's bytes, or a large object's rows. */
export type ObjectContent =
  | {
      readonly kind: 'whole';
      readonly object: Omit<ObjectStream, 'body'>;
      /** All the bytes, verified and decompressed. */
      readonly bytes: Buffer;
    }
  | {
      readonly kind: 'rows';
      readonly object: Omit<ObjectStream, 'body'>;
      /** Every row of the object, as `readObjectRecords` gives them; iterate to the end (or call `return()`) to release the connection. */
      readonly rows: AsyncGenerator<RawRow>;
      /**
       * The same content as bytes (verified, decompressed), the chunks already read first: for a
       * reader with its own parser (`cleanStream`). Iterate `rows` or `chunks`, not both.
       */
      readonly chunks: AsyncGenerator<Buffer>;
    };

export const DEFAULT_WHOLE_BYTES = 32 * 1024 * 1024;

/**
 * Reads one object whole when it is small, and as streamed rows when it is not, deciding by the
 * bytes actually read (decompressed), never by the stored size: a small `.gz` that expands beyond
 * `wholeBytes` is streamed, so memory stays bounded by `wholeBytes` plus one chunk.
 *
 * @example
 * const content = await readObjectContent(s3, object.uri, { etag: object.etag, size: object.size });
 * const partition = content.kind === 'whole' ? cleanBuffer(content.bytes, object.uri) : await cleanRows(content.rows);
 */
export async function readObjectContent(clientOrConfig: S3ClientOrConfig, s3Uri: string, options: ReadObjectContentOptions = {}): Promise<ObjectContent> {
  const { wholeBytes = DEFAULT_WHOLE_BYTES } = options;
  if (!(Number.isSafeInteger(wholeBytes) && wholeBytes >= 0)) throw new RangeError(`wholeBytes must be a whole number of bytes, got ${wholeBytes}`);
  const { body, ...object } = await openObjectStream(clientOrConfig, s3Uri, options);
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head: Buffer[] = [];
  let bytes = 0;
  try {
    for (;;) {
      const next = await chunks.next();
      if (next.done) return { kind: 'whole', object, bytes: Buffer.concat(head, bytes) };
      head.push(next.value);
      bytes += next.value.length;
      if (bytes > wholeBytes) break;
    }
  } catch (error) {
    body.destroy();
    throw error;
  }
  const csv = { source: object.uri, encoding: options.encoding, maxLineBytes: options.maxLineBytes };
  // Generators start when first iterated: whichever the caller reads takes the body.
  return { kind: 'rows', object, rows: flatten(readCsvBatches(rest(head, chunks, body), csv)), chunks: rest(head, chunks, body) };
}

/** The chunks already read, then the rest of the body. */
async function* rest(head: Buffer[], chunks: AsyncIterator<Buffer>, body: ObjectStream['body']): AsyncGenerator<Buffer> {
  try {
    yield* head.splice(0);
    for (;;) {
      const next = await chunks.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    body.destroy();
  }
}

async function* flatten(batches: AsyncGenerator<RawRow[]>): AsyncGenerator<RawRow> {
  for await (const batch of batches) yield* batch;
}
