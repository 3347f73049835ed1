import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateRetailDays, type SyntheticRetailOptions } from './generate';

/** What was written. */
export interface SyntheticDatasetSummary {
  /** Paths of the written files (`<dir>/YYYY-MM-DD.csv`), in day order. */
  readonly files: string[];
  /** Data lines written, headers excluded (equals `options.rows`). */
  readonly rows: number;
  /** Bytes written (UTF-8), headers included. */
  readonly bytes: number;
}

/**
 * Writes one `YYYY-MM-DD.csv` per trading day into `dir` (created if missing; existing
 * files of the same names are overwritten, others left alone). One day in memory at a time.
 */
export async function writeSyntheticDataset(
  dir: string,
  options: SyntheticRetailOptions = {},
): Promise<SyntheticDatasetSummary> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  let rows = 0;
  let bytes = 0;
  for (const { day, csv, rows: dayRows } of generateRetailDays(options)) {
    const file = join(dir, `${day}.csv`);
    const data = Buffer.from(csv, 'utf8');
    await writeFile(file, data);
    files.push(file);
    rows += dayRows;
    bytes += data.length;
  }
  return { files, rows, bytes };
}
