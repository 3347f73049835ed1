import type { PartitionData } from '../clean/partition-data';
import { toPartition } from '../clean/to-partition';
import { allocateColumns, rowCount } from '../tables/builder';
import type { CodedColumns, Schema } from '../tables/schema';
import { EXCLUDED_SCHEMA, ITEM_REF_SCHEMA, LINE_SCHEMA, QUARANTINE_SCHEMA } from '../tables/schema';
import type { CleanResult } from '../types';
import { finishMerge } from './finish-merge';
import { checkNoOverlap } from './overlap';

/**
 * Merges partitions in coded form: numbers are block-copied, string codes shifted into
 * one merged dictionary and item line references shifted to the merged lines, so no
 * string is copied or decoded.
 */
export function mergePartitionData(parts: readonly PartitionData[], options: { samples?: number } = {}): CleanResult {
  const strings: string[] = [];
  const bases = new Map<readonly string[], number>();
  for (const p of parts) {
    if (bases.has(p.strings)) continue;
    bases.set(p.strings, strings.length);
    for (const s of p.strings) strings.push(s);
  }
  const lineOffsets: number[] = [];
  let lineCount = 0;
  for (const p of parts) {
    lineOffsets.push(lineCount);
    lineCount += rowCount(p.lines);
  }
  const merged = toPartition({
    partition: 'merged partitions',
    strings,
    lines: mergeColumns(LINE_SCHEMA, parts.map((p) => p.lines), (i) => bases.get(parts[i].strings) ?? 0, () => 0),
    items: mergeColumns(ITEM_REF_SCHEMA, parts.map((p) => p.items), () => 0, (i) => lineOffsets[i]),
    excluded: mergeColumns(EXCLUDED_SCHEMA, parts.map((p) => p.excluded), (i) => bases.get(parts[i].strings) ?? 0, () => 0),
    quarantine: mergeColumns(QUARANTINE_SCHEMA, parts.map((p) => p.quarantine), (i) => bases.get(parts[i].strings) ?? 0, () => 0),
    invoices: [],
    report: parts[0]?.report,
  } as PartitionData);
  checkNoOverlap(parts);
  const { lines, items, excluded, quarantine } = merged;
  return finishMerge({ lines, items, excluded, quarantine }, parts.map((p) => ({ partition: p.partition, report: p.report })), options.samples);
}

/**
 * Concatenates each column; string codes are shifted by `codeBase(part)` and the item
 * references (`firstLine`, `dateLine`) by `lineBase(part)`.
 */
function mergeColumns<S extends Schema>(
  schema: S,
  tables: readonly CodedColumns<S>[],
  codeBase: (part: number) => number,
  lineBase: (part: number) => number,
): CodedColumns<S> {
  const n = tables.reduce((sum, t) => sum + rowCount(t), 0);
  const out = allocateColumns(schema, n);
  for (const [name, type] of Object.entries(schema)) {
    const target = out[name as keyof S];
    let at = 0;
    tables.forEach((t, part) => {
      const column = t[name as keyof S];
      const shift = type === 'string' ? codeBase(part) : name === 'firstLine' || name === 'dateLine' ? lineBase(part) : 0;
      if (shift === 0) target.set(column, at);
      else shiftInto(column as Int32Array, shift, target as Int32Array, at);
      at += column.length;
    });
  }
  return out;
}

/** Copies codes plus `shift`, keeping negative codes (absent values) as they are. */
function shiftInto(codes: Int32Array, shift: number, target: Int32Array, at: number): void {
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    target[at + i] = c < 0 ? c : c + shift;
  }
}
