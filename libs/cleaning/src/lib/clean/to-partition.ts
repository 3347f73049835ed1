import type { ColumnTable } from 'arquero';
import { decodeTable } from '../tables/decode';
import { itemsTable } from '../tables/items-table';
import { EXCLUDED_SCHEMA, LINE_SCHEMA, QUARANTINE_SCHEMA } from '../tables/schema';
import type { CleanPartition } from '../types';
import type { PartitionData } from './partition-data';

// Arquero tables are immutable (verbs return new tables), so tables found here still
// show exactly this data; merging uses it to skip decoding.
const origins = new WeakMap<ColumnTable, PartitionData>();

/** Arquero tables over coded data (no copy: string columns read the dictionary). */
export function toPartition(data: PartitionData): CleanPartition {
  const lines = decodeTable(LINE_SCHEMA, data.lines, data.strings);
  const part: CleanPartition = {
    partition: data.partition,
    lines,
    items: itemsTable(lines, data.items),
    excluded: decodeTable(EXCLUDED_SCHEMA, data.excluded, data.strings),
    quarantine: decodeTable(QUARANTINE_SCHEMA, data.quarantine, data.strings),
    report: data.report,
  };
  for (const t of [part.lines, part.items, part.excluded, part.quarantine]) origins.set(t, data);
  return part;
}

/** The data behind a partition whose tables are all still the ones {@link toPartition} built. */
export function dataOf(part: CleanPartition): PartitionData | undefined {
  const data = origins.get(part.lines);
  const same = data !== undefined && [part.items, part.excluded, part.quarantine].every((t) => origins.get(t) === data);
  return same && data.report === part.report ? data : undefined;
}
