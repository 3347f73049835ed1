import { createCsvParser } from './push-parser';
import { collectRows } from './row-collector';
import type { CsvChunk, CsvOptions, CsvRow } from './types';

/** Anything chunks can be read from: a Node `Readable` (fs, S3 `GetObject` body), a web stream, an array. */
export type CsvInput = AsyncIterable<CsvChunk> | Iterable<CsvChunk>;

/**
 * Streams records and errors, one batch per input chunk (cheaper than one `await`
 * per record). Malformed lines arrive as `kind: 'error'` rows in their place.
 *
 * @example
 * for await (const batch of readCsvBatches(fs.createReadStream(path), { source: path })) { ... }
 */
export async function* readCsvBatches(input: CsvInput, options: CsvOptions = {}): AsyncGenerator<CsvRow[]> {
  const rows = collectRows(options.source ?? '');
  const parser = createCsvParser(options, rows.visitor);
  for await (const chunk of input) {
    parser.push(chunk);
    const batch = rows.take();
    if (batch.length > 0) yield batch;
  }
  parser.end();
  const last = rows.take();
  if (last.length > 0) yield last;
}

/**
 * Streams records and errors one at a time, in input order.
 *
 * @example
 * for await (const row of readCsv(fs.createReadStream('day.csv'), { source: 'day.csv' })) {
 *   if (row.kind === 'error') console.warn(row.line, row.reason);
 * }
 */
export async function* readCsv(input: CsvInput, options: CsvOptions = {}): AsyncGenerator<CsvRow> {
  for await (const batch of readCsvBatches(input, options)) yield* batch;
}
