import type { RawRow } from '@ecomlake/model';
import { createCleaningContext } from './clean/context';
import { createPartitionCleaner } from './clean/partition-cleaner';
import { toPartition } from './clean/to-partition';
import { resolveCleanOptions, type CleanOptions } from './options';
import type { CleanPartition } from './types';

/**
 * Cleans one partition from raw rows as `@ecomlake/s3-extract` or `@ecomlake/csv`
 * yield them (records and error rows, each with source and line).
 *
 * @example
 * const day = await cleanRows(readRecords('s3://raw/2010-12-01.csv'), { dateFormat: 'iso' });
 * console.log(day.report.clean, day.items.numRows());
 */
export async function cleanRows(
  rows: Iterable<RawRow> | AsyncIterable<RawRow>,
  options: CleanOptions = {},
): Promise<CleanPartition> {
  const cleaner = createPartitionCleaner(createCleaningContext(resolveCleanOptions(options)));
  let header: readonly string[] | undefined;
  for await (const row of rows) {
    if (row.kind === 'error') {
      cleaner.error(row.line, row.reason, row.text, row.source);
      continue;
    }
    if (row.header !== header) {
      header = row.header;
      cleaner.header(header, row.source);
    }
    cleaner.record(row.fields, row.line, row.source);
  }
  return toPartition(cleaner.finish());
}
