import { createCsvParser, type CsvParser } from './push-parser';
import { collectRows } from './row-collector';
import type { CsvChunk, CsvLineCounts, CsvOptions, CsvRow } from './types';

/** Anything chunks can be read from: a Node `Readable` (fs, S3 `GetObject` body), a web stream, an array. */
export type CsvInput = AsyncIterable<CsvChunk> | Iterable<CsvChunk>;

/**
 * Streams records and errors, one batch per input chunk (cheaper than one `await`
 * per record). Malformed lines arrive as `kind: 'error'` rows in their place. The
 * generator's return value is where every physical line went (`CsvLineCounts`).
 *
 * @example
 * for await (const batch of readCsvBatches(fs.createReadStream(path), { source: path })) { ... }
 */
export async function* readCsvBatches(input: CsvInput, options: CsvOptions = {}): AsyncGenerator<CsvRow[], CsvLineCounts, undefined> {
  const reader = rowReader(options);
  for await (const chunk of input) {
    reader.parser.push(chunk);
    const batch = reader.take();
    if (batch.length > 0) yield batch;
  }
  reader.parser.end();
  const last = reader.take();
  if (last.length > 0) yield last;
  return reader.counts;
}

/**
 * Streams records and errors one at a time, in input order; returns the line counts
 * like {@link readCsvBatches}.
 *
 * @example
 * for await (const row of readCsv(fs.createReadStream('day.csv'), { source: 'day.csv' })) {
 *   if (row.kind === 'error') console.warn(row.line, row.reason);
 * }
 */
export async function* readCsv(input: CsvInput, options: CsvOptions = {}): AsyncGenerator<CsvRow, CsvLineCounts, undefined> {
  const reader = rowReader(options);
  for await (const chunk of input) {
    reader.parser.push(chunk);
    yield* reader.take();
  }
  reader.parser.end();
  yield* reader.take();
  return reader.counts;
}

function rowReader(options: CsvOptions): { parser: CsvParser; take(): CsvRow[]; counts: CsvLineCounts } {
  const rows = collectRows(options.source ?? '');
  const counts: CsvLineCounts = { lines: 0, header: 0, blank: 0, records: 0, errors: 0 };
  const parser = createCsvParser(options, { ...rows.visitor, onEnd: (c) => Object.assign(counts, c) });
  return { parser, take: rows.take, counts };
}
