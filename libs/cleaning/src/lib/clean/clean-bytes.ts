import { parseCsv, type CsvEncoding, type CsvLineCounts, type CsvVisitor, type FieldSpans } from '@ecomlake/csv';
import { gunzipSync } from 'node:zlib';
import { CompressedFileError, EmptyFileError } from '../errors';
import type { CleaningContext } from './context';
import { createPartitionCleaner, type PartitionCleaner } from './partition-cleaner';
import type { PartitionData } from './partition-data';

/** How to read file bytes, on top of the cleaning rules. */
export interface ReadOptions {
  /** Byte encoding of the files: `'utf-8'` or `'latin1'`. Default `'utf-8'`. */
  encoding?: CsvEncoding;
  /** Longest CSV record accepted, in bytes. Default 1 MiB (see `@ecomlake/csv`). */
  maxLineBytes?: number;
  /**
   * Most bytes a gzip-compressed file (`.csv.gz`) may decompress to; more fails with
   * {@link CompressedFileError} before memory runs out (a gzip bomb). Default 1 GiB,
   * as for S3 objects in `@ecomlake/s3-extract`.
   */
  maxDecompressedBytes?: number;
}

export const DEFAULT_MAX_DECOMPRESSED_BYTES = 1024 * 1024 * 1024;

/**
 * The fast path: parses an in-memory file straight into the cleaner, reading fields
 * as spans of the decoded text instead of creating row objects or field strings.
 * Partitions cleaned with one `context` share its dictionary. (No arquero here: worker
 * threads load only this.)
 */
export function cleanBytes(input: Uint8Array | string, source: string, read: ReadOptions, context: CleaningContext): PartitionData {
  const bytes = isGzip(input) ? gunzip(input, source, read.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES) : input;
  // About 80 bytes a line in the Online Retail files: size the columns once.
  const cleaner = createPartitionCleaner(context, source, Math.max(64, Math.ceil(bytes.length / 80)));
  const visitor: BytesVisitor = { cleaner, source, sawHeader: false, onHeader, onRecord, onRecordSpans, onError, onEnd };
  parseCsv(bytes, { source, encoding: read.encoding, maxLineBytes: read.maxLineBytes, header: true }, visitor);
  if (!visitor.sawHeader) throw new EmptyFileError(source);
  return cleaner.finish();
}

/**
 * The reader's visitor: one object per file, the same functions for every file (the
 * partition on `this`), so the reader's optimized scan loop, which inlines them, serves
 * every file instead of being compiled again for each file's new closures.
 */
interface BytesVisitor extends CsvVisitor {
  readonly cleaner: PartitionCleaner;
  readonly source: string;
  sawHeader: boolean;
}

function onHeader(this: BytesVisitor, header: string[]): void {
  this.sawHeader = true;
  this.cleaner.header(header, this.source);
}

function onRecord(this: BytesVisitor, fields: string[], line: number, lines: number): void {
  this.cleaner.record(fields, line, this.source, lines);
}

function onRecordSpans(this: BytesVisitor, text: string, spans: FieldSpans, line: number, lines: number): void {
  this.cleaner.recordSpans(text, spans, line, this.source, lines);
}

function onError(this: BytesVisitor, line: number, reason: string, text: string, lines: number): void {
  this.cleaner.error(line, reason, text, this.source, lines);
}

function onEnd(this: BytesVisitor, counts: CsvLineCounts): void {
  this.cleaner.lineCounts(counts);
}

function isGzip(input: Uint8Array | string): input is Uint8Array {
  return typeof input !== 'string' && input.length >= 2 && input[0] === 0x1f && input[1] === 0x8b;
}

/** Decompresses a local `.csv.gz`, stopping at `maxBytes` of output rather than running out of memory. */
function gunzip(input: Uint8Array, source: string, maxBytes: number): Buffer {
  try {
    return gunzipSync(input, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new CompressedFileError(source, 'too large', `decompresses to more than ${maxBytes.toLocaleString('en-GB')} bytes (maxDecompressedBytes). Split it, or raise the limit if it really is that large.`);
    }
    if (typeof code === 'string' && code.startsWith('Z_')) {
      throw new CompressedFileError(source, 'not gzip', `starts like gzip but cannot be decompressed (${(error as Error).message}). Re-create the .gz file.`, { cause: error });
    }
    throw error;
  }
}
