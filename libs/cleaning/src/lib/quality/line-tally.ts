import type { CsvLineCounts } from '@ecomlake/csv';
import type { QualitySummary } from '@ecomlake/model';

/** Physical lines by where they went, counted while a partition is cleaned. */
export interface LineTally {
  clean: number;
  excluded: number;
  quarantined: number;
  /** The reader's own count (see `CsvLineCounts`), when the rows came with it. */
  reader?: CsvLineCounts;
  /** Whether the rows came after a header record. */
  header: boolean;
  /** First line of the first row, and the line after the last row seen so far. */
  first: number;
  end: number;
  /** Lines between rows, which the reader skipped as blank. */
  gaps: number;
}

export function createLineTally(): LineTally {
  return { clean: 0, excluded: 0, quarantined: 0, header: false, first: 0, end: 0, gaps: 0 };
}

/**
 * Notes a row's position. Rows arrive in line order; a row starting before the previous
 * one ended claims lines twice, which then shows as lines that do not add up.
 */
export function seeRow(t: LineTally, line: number, lines: number): void {
  if (t.end === 0) t.first = line;
  else t.gaps += Math.max(0, line - t.end);
  t.end = Math.max(t.end, line + lines);
}

/**
 * The report's line fields. With the reader's count (`cleanBytes`, `readCsv`) `linesIn`
 * is counted from the line breaks apart from the parse, a real check. Rows alone (a
 * `RawRow` stream) cannot say what came after the last row, so then `linesIn` ends at
 * the last row, and lines before the first row are the header (one) and blank lines.
 */
export function lineQuality(t: LineTally): Pick<QualitySummary, 'linesIn' | 'lines'> {
  const rows = { clean: t.clean, excluded: t.excluded, quarantined: t.quarantined };
  if (t.reader) {
    return { linesIn: t.reader.lines, lines: { header: t.reader.header, blank: t.reader.blank, ...rows } };
  }
  if (t.end === 0) return { linesIn: 0, lines: { header: 0, blank: 0, ...rows } };
  const header = t.header && t.first > 1 ? 1 : 0;
  return { linesIn: t.end - 1, lines: { header, blank: t.first - 1 - header + t.gaps, ...rows } };
}

/** True when a value is the reader's `CsvLineCounts` (the return value of `readCsv`). */
export function isLineCounts(value: unknown): value is CsvLineCounts {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return ['lines', 'header', 'blank', 'records', 'errors'].every((k) => typeof v[k] === 'number');
}
