import { createCsvParser } from './push-parser';
import { collectRows } from './row-collector';
import type { CsvChunk, CsvOptions, CsvRow, CsvVisitor } from './types';

/** Bytes decoded at once: far below V8's longest string (about 512 Mi characters). */
const PIECE_BYTES = 16 * 1024 * 1024;

/**
 * The fast path for data already in memory (a local file read whole): calls the
 * visitor for each record without creating record objects. Large inputs are fed in
 * pieces, so their size is not limited by the longest string V8 can make.
 */
export function parseCsv(input: CsvChunk, options: CsvOptions, visitor: CsvVisitor): void {
  const parser = createCsvParser(options, visitor);
  if (typeof input === 'string' || input.length <= PIECE_BYTES) parser.push(input);
  else for (let at = 0; at < input.length; at += PIECE_BYTES) parser.push(input.subarray(at, at + PIECE_BYTES));
  parser.end();
}

/** Parses in-memory CSV into rows (records and errors), for small inputs and tests. */
export function parseCsvRows(input: CsvChunk, options: CsvOptions = {}): CsvRow[] {
  const rows = collectRows(options.source ?? '');
  parseCsv(input, options, rows.visitor);
  return rows.take();
}
