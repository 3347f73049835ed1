import type { RawRow } from '@ecomlake/model';
import { createCleaningContext } from './clean/context';
import { createPartitionCleaner } from './clean/partition-cleaner';
import { toPartition } from './clean/to-partition';
import { resolveCleanOptions, type CleanOptions } from './options';
import { isLineCounts } from './quality/line-tally';
import type { CleanPartition } from './types';

/**
 * A raw row, optionally with the physical lines it spans (`@ecomlake/csv` rows carry
 * `lines`; rows without it count as one line).
 */
export type RawRowWithLines = RawRow & { readonly lines?: number };

/**
 * Cleans one partition from raw rows as `@ecomlake/s3-extract` or `@ecomlake/csv`
 * yield them (records and error rows, each with source and line). When the rows come
 * straight from `readCsv` / `readCsvBatches`, whose return value is the reader's line
 * count, physical lines are reconciled against that count; otherwise against the rows'
 * own positions (see the README).
 *
 * @example
 * const day = await cleanRows(readRecords(s3, 's3://raw/2010-12-01.csv'), { dateFormat: 'iso' });
 * console.log(day.report.clean, day.items.numRows());
 */
export async function cleanRows(
  rows: Iterable<RawRowWithLines> | AsyncIterable<RawRowWithLines>,
  options: CleanOptions = {},
): Promise<CleanPartition> {
  const cleaner = createPartitionCleaner(createCleaningContext(resolveCleanOptions(options)));
  let header: readonly string[] | undefined;
  // Iterated by hand, not with for-await, to see the generator's return value.
  const iterator = Symbol.asyncIterator in rows ? rows[Symbol.asyncIterator]() : rows[Symbol.iterator]();
  let done = false;
  try {
    for (;;) {
      const step = await iterator.next();
      if (step.done) {
        done = true;
        if (isLineCounts(step.value)) cleaner.lineCounts(step.value);
        break;
      }
      const row = step.value;
      if (row.kind === 'error') {
        cleaner.error(row.line, row.reason, row.text, row.source, row.lines);
        continue;
      }
      if (row.header !== header) {
        header = row.header;
        cleaner.header(header, row.source);
      }
      cleaner.record(row.fields, row.line, row.source, row.lines);
    }
  } finally {
    // As for-await would: let the source release what it holds (an S3 stream) when we stop early.
    if (!done) await iterator.return?.();
  }
  return toPartition(cleaner.finish());
}
