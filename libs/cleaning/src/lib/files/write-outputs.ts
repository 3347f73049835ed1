import { escape } from 'arquero';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CleanResult } from '../types';
import { writeTableCsv } from './write-table-csv';

/** What {@link writeCleanOutputs} wrote: file name → rows (the report has none). */
export type WrittenFiles = Record<string, number | null>;

/**
 * Writes a cleaning run to a directory, as dbt's `store_failures` would: the report,
 * the keyed items, and every row that was removed, with why:
 * `quality-report.json`, `items.csv`, `excluded.csv` (with `rule`),
 * `cancellations.csv` (the cancellation rows of excluded.csv) and `quarantined.csv`.
 */
export async function writeCleanOutputs(result: CleanResult, dir: string): Promise<WrittenFiles> {
  await fs.promises.mkdir(dir, { recursive: true });
  const written: WrittenFiles = {};
  const file = (name: string) => path.join(dir, name);
  await fs.promises.writeFile(file('quality-report.json'), JSON.stringify(result.report, null, 2) + '\n');
  written['quality-report.json'] = null;
  written['items.csv'] = await writeTableCsv(result.items, file('items.csv'));
  written['excluded.csv'] = await writeTableCsv(result.excluded, file('excluded.csv'));
  const cancellations = result.excluded.filter(escape((d: { rule: string }) => d.rule === 'cancellation'));
  written['cancellations.csv'] = await writeTableCsv(cancellations, file('cancellations.csv'));
  written['quarantined.csv'] = await writeTableCsv(result.quarantine, file('quarantined.csv'));
  return written;
}
