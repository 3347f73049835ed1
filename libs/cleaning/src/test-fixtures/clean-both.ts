import type { ColumnTable } from 'arquero';
import { cleanBuffer, type CleanFileOptions } from '../lib/clean-buffer';
import { cleanRows } from '../lib/clean-rows';
import type { CleanPartition } from '../lib/types';
import { rawRows } from './retail-csv';

/** Table rows as plain objects. */
export function rowsOf(t: ColumnTable): Record<string, unknown>[] {
  return t.objects() as Record<string, unknown>[];
}

/**
 * Cleans a CSV text on the fast path (field spans) and on the row-object path
 * (`cleanRows`, as fed by s3-extract), checks both give the same result, and returns it.
 */
export async function cleanBoth(text: string, options: CleanFileOptions = {}, source = 'day.csv'): Promise<CleanPartition> {
  const fast = cleanBuffer(Buffer.from(text), source, options);
  const rows = await cleanRows(rawRows(text, source), options);
  expect(rows.report).toEqual(fast.report);
  for (const name of ['lines', 'items', 'excluded', 'quarantine'] as const) expect(rowsOf(rows[name])).toEqual(rowsOf(fast[name]));
  return fast;
}
