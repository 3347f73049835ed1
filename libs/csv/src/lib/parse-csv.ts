import { createCsvParser } from './push-parser';
import { collectRows } from './row-collector';
import type { CsvChunk, CsvOptions, CsvRow, CsvVisitor } from './types';

/**
 * The fast path for data already in memory (a local file read whole): calls the
 * visitor for each record without creating record objects.
 */
export function parseCsv(input: CsvChunk, options: CsvOptions, visitor: CsvVisitor): void {
  const parser = createCsvParser(options, visitor);
  parser.push(input);
  parser.end();
}

/** Parses in-memory CSV into rows (records and errors), for small inputs and tests. */
export function parseCsvRows(input: CsvChunk, options: CsvOptions = {}): CsvRow[] {
  const rows = collectRows(options.source ?? '');
  parseCsv(input, options, rows.visitor);
  return rows.take();
}
