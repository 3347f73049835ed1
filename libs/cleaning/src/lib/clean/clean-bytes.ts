import { parseCsv, type CsvEncoding } from '@ecomlake/csv';
import { EmptyFileError } from '../errors';
import type { CleaningContext } from './context';
import { createPartitionCleaner } from './partition-cleaner';
import type { PartitionData } from './partition-data';

/** How to read file bytes, on top of the cleaning rules. */
export interface ReadOptions {
  /** Byte encoding of the files: `'utf-8'` or `'latin1'`. Default `'utf-8'`. */
  encoding?: CsvEncoding;
  /** Longest CSV record accepted, in bytes. Default 1 MiB (see `@ecomlake/csv`). */
  maxLineBytes?: number;
}

/**
 * The fast path: parses an in-memory file straight into the cleaner, reading fields
 * as spans of the decoded text instead of creating row objects or field strings.
 * Partitions cleaned with one `context` share its dictionary. (No arquero here: worker
 * threads load only this.)
 */
export function cleanBytes(bytes: Uint8Array | string, source: string, read: ReadOptions, context: CleaningContext): PartitionData {
  // About 80 bytes a line in the Online Retail files: size the columns once.
  const cleaner = createPartitionCleaner(context, source, Math.max(64, Math.ceil(bytes.length / 80)));
  let sawHeader = false;
  parseCsv(
    bytes,
    { source, encoding: read.encoding, maxLineBytes: read.maxLineBytes, header: true },
    {
      onHeader: (header) => {
        sawHeader = true;
        cleaner.header(header, source);
      },
      onRecord: (fields, line) => cleaner.record(fields, line, source),
      onRecordSpans: (text, spans, line) => cleaner.recordSpans(text, spans, line, source),
      onError: (line, reason, text) => cleaner.error(line, reason, text, source),
    },
  );
  if (!sawHeader) throw new EmptyFileError(source);
  return cleaner.finish();
}
