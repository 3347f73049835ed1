import { milli, type QualitySummary, type RuleId } from '@ecomlake/model';
import { RULE_ORDER, type ResolvedCleanOptions } from '../options';
import { formatMilli, sumMilli } from '../parse/money';
import { lineQuality, type LineTally } from '../quality/line-tally';
import { reconcile, type TableCounts } from '../quality/reconcile';
import { ruleResults, type Tallies } from '../quality/tally';
import { packTables, type TableBuilder } from '../tables/builder';
import { EXCLUDED_SCHEMA, ITEM_REF_SCHEMA, LINE_SCHEMA, QUARANTINE_SCHEMA, type Schema } from '../tables/schema';
import type { Dictionary } from './dictionary';
import type { PartitionData } from './partition-data';

/** What a partition cleaner has counted when its rows are done (its tables aside). */
export interface CleanerState {
  partition: string;
  dict: Dictionary;
  options: ResolvedCleanOptions;
  tallies: Tallies;
  counts: { rowsIn: number; clean: number; guests: number; nonProductLines: number; revenueMilli: number };
  /** Physical lines by where they went. */
  lineTally: LineTally;
}

/** What a partition cleaner has gathered when its rows are done. */
export interface PartitionState extends CleanerState {
  lines: TableBuilder<typeof LINE_SCHEMA>;
  items: TableBuilder<typeof ITEM_REF_SCHEMA>;
  excluded: TableBuilder<typeof EXCLUDED_SCHEMA>;
  quarantine: TableBuilder<typeof QUARANTINE_SCHEMA>;
}

/** Packs the tables into one buffer, writes the report and reconciles it against the tables. */
export function finishPartition(state: PartitionState): PartitionData {
  const { partition, dict } = state;
  const [lines, items, excluded, quarantine] = packTables<Schema>([
    [LINE_SCHEMA, state.lines],
    [ITEM_REF_SCHEMA, state.items],
    [EXCLUDED_SCHEMA, state.excluded],
    [QUARANTINE_SCHEMA, state.quarantine],
  ]) as [PartitionData['lines'], PartitionData['items'], PartitionData['excluded'], PartitionData['quarantine']];
  const tables = countTables(lines, items, excluded, quarantine);
  return {
    partition,
    strings: dict.strings,
    invoices: [...invoiceCodes(lines, items)].map((code) => dict.strings[code]),
    lines,
    items,
    excluded,
    quarantine,
    report: reconcile(partitionQuality(state, tables.items), { ...tables, itemRevenueMilli: Number(tables.itemRevenueMilli) }, partition),
  };
}

/**
 * Codes of the items' distinct invoice numbers. A function of its own, and nothing after
 * the loop: the JIT compiled the whole of finishPartition (twice per thread) for this one
 * hot loop, and code after a loop compiled mid-run deoptimized on every later call.
 */
function invoiceCodes(lines: PartitionData['lines'], items: PartitionData['items']): Set<number> {
  const codes = new Set<number>();
  const invoiceNo = lines.invoiceNo;
  const firstLine = items.firstLine;
  for (let i = 0; i < firstLine.length; i++) codes.add(invoiceNo[firstLine[i]]);
  return codes;
}

/** What packed tables hold; revenue as a bigint, so sums over many windows stay exact. */
export function countTables(
  lines: PartitionData['lines'],
  items: PartitionData['items'],
  excluded: PartitionData['excluded'],
  quarantine: PartitionData['quarantine'],
): Omit<TableCounts, 'itemRevenueMilli'> & { itemRevenueMilli: bigint } {
  return {
    lines: lines.line.length,
    items: items.lineCount.length,
    excluded: excluded.line.length,
    quarantined: quarantine.line.length,
    itemLines: (items.lineCount as Int32Array).reduce((a, b) => a + b, 0),
    itemRevenueMilli: sumMilli(items.totalAmountMilli), // exact: a float sum could round where the lines' did not
  };
}

/** The partition's quality report, not yet reconciled. */
export function partitionQuality(state: CleanerState, itemCount: number): QualitySummary {
  const { options, tallies, counts } = state;
  const excludedCounts: Partial<Record<RuleId, number>> = {};
  for (const id of RULE_ORDER) if (id !== 'malformed' && options.enabled[id]) excludedCounts[id] = tallies[id].count;
  return {
    rowsIn: counts.rowsIn,
    clean: counts.clean,
    excluded: excludedCounts,
    quarantined: tallies.malformed.count,
    cleanRevenueMilli: milli(counts.revenueMilli),
    cleanRevenue: formatMilli(milli(counts.revenueMilli)),
    items: itemCount,
    combinedLines: counts.clean - itemCount,
    guests: counts.guests,
    nonProductLines: counts.nonProductLines,
    rules: ruleResults(tallies, options.enabled, counts.rowsIn),
    ...lineQuality(state.lineTally),
    reconciled: false,
  };
}
