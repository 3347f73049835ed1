import { cleanFiles, listCsvFiles, orderItems } from '@ecomlake/cleaning';
import type { OrderItem, QualitySummary } from '@ecomlake/model';
import * as path from 'node:path';

/** The real dataset, relative to the workspace root; tests fail (not skip) if it is missing. */
export const REAL_DATA = path.resolve(__dirname, '../../../../../shared/data/online-retail/by-day');

/** Cleaned, keyed items of the first `files` daily files (all by default), via @ecomlake/cleaning. */
export async function cleanedItems(files = Infinity): Promise<{ items: OrderItem[]; report: QualitySummary }> {
  const paths = (await listCsvFiles(REAL_DATA)).slice(0, files);
  const result = await cleanFiles(paths, { concurrency: 2 });
  return { items: [...orderItems(result.items)], report: result.report };
}
