import type { S3Client } from '@aws-sdk/client-s3';
import { EmptyFileError, type DateFormat } from '@ecomlake/cleaning';
import type { CsvEncoding } from '@ecomlake/csv';
import { formatS3Uri, openObjectStream, parseS3Uri, removeStaleObjects, uploadFiles } from '@ecomlake/s3-extract';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { RawObject } from '../types';
import { RegroupInputError } from './errors';
import { createFileReader, UNASSIGNED_NAME, type RegroupState } from './file-reader';

export { RegroupInputError, type RegroupInputProblem } from './errors';
export { UNASSIGNED_NAME, MAX_RAW_LINE_BYTES } from './file-reader';

export interface RegroupOptions {
  /** Where the day objects go, e.g. `s3://lake/regrouped/<input-name>/`: the function owns this prefix (it removes day objects there that the input no longer has). */
  readonly targetUri: string;
  /** Byte encoding of the input, as cleaning reads it. Default `'utf-8'`. */
  readonly encoding?: CsvEncoding;
  /** InvoiceDate format, as cleaning reads it. Default `'iso'`. */
  readonly dateFormat?: DateFormat;
  /** Stops between chunks, files and requests. Default: none. */
  readonly signal?: AbortSignal;
}

export interface RegroupFigures {
  /** Input objects read. */
  readonly files: number;
  /** Physical lines of the input: `headerLines + blankLines + ` the lines of the records routed. */
  readonly physicalLines: number;
  /** The first file's header and the same header at the top of later files (dropped). */
  readonly headerLines: number;
  /** Empty lines (dropped; they hold no data). */
  readonly blankLines: number;
  /** Records routed, to a day or to `unassigned.csv` (malformed lines the reader reports included). */
  readonly records: number;
  /** Day objects (`YYYY-MM-DD.csv`). */
  readonly days: number;
  /** Records in `unassigned.csv`. */
  readonly unassigned: number;
  /** Objects written this time; the others already held the same bytes. */
  readonly written: number;
  /** Objects under the target that the input no longer makes, deleted. */
  readonly removed: number;
}

export interface RegroupResult {
  /** The day objects written (or unchanged), as a run's manifest lists objects: bucket, key, etag, size — what runPartition takes. Sorted by key; `unassigned.csv` last when present. */
  readonly objects: readonly RawObject[];
  readonly figures: RegroupFigures;
}

/**
 * Regroups an input's lines so that each invoice is in exactly one object, one per invoice day:
 * inputs cut anywhere (`split -l`, only the first chunk with the header) become partitions that
 * `checkPartitionsDisjoint` accepts. Files are read in key order, each pinned to its ETag and
 * size; the first record is the header, dropped where a later file repeats it. Each data
 * record's raw bytes go to `<targetUri><YYYY-MM-DD>.csv`, the day of its invoice's first line
 * (cleaning's date parser), under the header, in input order; records with no day go to
 * `unassigned.csv`, where cleaning quarantines them with its reasons. Objects already holding
 * the same bytes are left alone (same ETag, so their partitions skip), and objects under the
 * target that the input no longer makes are removed.
 *
 * Memory: the invoice → day map (a few bytes an invoice), at most 8 MiB (`FLUSH_BYTES`) of records
 * waiting to be appended to local day files (in the OS temporary folder, removed afterwards),
 * and one physical line whole (at most {@link MAX_RAW_LINE_BYTES}).
 *
 * Throws `RegroupInputError` (a later file with another header; a target that holds the input),
 * cleaning's `MissingColumnError` / `UnreadableHeaderError` / `EmptyFileError` for the first
 * header, and s3-extract's read errors naming the object.
 */
export async function regroupByDay(s3: S3Client, objects: readonly RawObject[], options: RegroupOptions): Promise<RegroupResult> {
  const target = checkTarget(options.targetUri, objects);
  const ordered = [...objects].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.bucket < b.bucket ? -1 : 1));
  const dir = await mkdtemp(path.join(tmpdir(), 'ecomlake-regroup-'));
  try {
    const state: RegroupState = {
      dir,
      encoding: options.encoding ?? 'utf-8',
      dateFormat: options.dateFormat ?? 'iso',
      invoiceDays: new Map(),
      figures: { physicalLines: 0, headerLines: 0, blankLines: 0, records: 0 },
    };
    for (const object of ordered) {
      options.signal?.throwIfAborted();
      await readInto(s3, object, state, options.signal);
    }
    if (ordered.length > 0 && !state.header) throw new EmptyFileError(formatS3Uri(ordered[0]));
    await state.files?.flush();
    options.signal?.throwIfAborted();
    const uploaded = await uploadFiles(s3, dir, target.uri);
    const keep = new Set(uploaded.objects.map((o) => o.key));
    const removed = await removeStaleObjects(s3, target.uri, keep, { signal: options.signal });
    const records = state.files?.records ?? new Map<string, number>();
    return {
      objects: uploaded.objects.map((o) => ({ bucket: target.bucket, key: o.key, etag: o.etag, size: o.size })),
      figures: {
        files: ordered.length,
        ...state.figures,
        days: [...records.keys()].filter((name) => name !== UNASSIGNED_NAME).length,
        unassigned: records.get(UNASSIGNED_NAME) ?? 0,
        written: uploaded.uploaded,
        removed: removed.length,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}


/** The target is a folder of its own: never the bucket, never a prefix holding the input (it would be deleted). */
function checkTarget(targetUri: string, objects: readonly RawObject[]): { bucket: string; uri: string } {
  const { bucket, key } = parseS3Uri(targetUri);
  const prefix = key.endsWith('/') ? key : `${key}/`;
  if (key === '' || key === '/') {
    throw new RegroupInputError('target', targetUri, `regroupByDay owns its target prefix and would clear the whole bucket: give a folder, e.g. s3://${bucket}/regrouped/<input-name>/`);
  }
  const inside = objects.find((o) => o.bucket === bucket && o.key.startsWith(prefix));
  if (inside) {
    throw new RegroupInputError('target', targetUri, `holds the input object ${formatS3Uri(inside)}, which regrouping there would remove: give the day objects a prefix of their own`);
  }
  return { bucket, uri: formatS3Uri({ bucket, key: prefix }) };
}

/** Streams one object through the reader and routes its records. */
async function readInto(s3: S3Client, object: RawObject, state: RegroupState, signal: AbortSignal | undefined): Promise<void> {
  const source = formatS3Uri(object);
  const stream = await openObjectStream(s3, source, { etag: object.etag, size: object.size, ...(signal && { signal }) });
  const file = createFileReader(source, state);
  try {
    for await (const chunk of stream.body as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      file.push(chunk);
      await state.files?.maybeFlush();
    }
    file.end();
  } finally {
    stream.body.destroy();
  }
}

