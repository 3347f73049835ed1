import { formatMoney, type QualitySummary } from '@ecomlake/model';
import { textTable, type ColumnAlign } from '@ecomlake/util';
import { escapeControl } from '../escape';

export interface RenderOptions {
  /** Sample rows shown under each rule that removed rows. Default 3. */
  samples?: number;
}

/**
 * The quality report as a terminal table: rows in, each rule's count, share and money
 * in order, what remains, and the reconciliation that was checked (rows and physical
 * lines). Money to the penny (`formatMoney`, `@ecomlake/model`); quality-report.json keeps
 * it exact. Data in samples is printed with control characters escaped.
 *
 * @example
 * console.log(renderQualityTable(result.report));
 */
export function renderQualityTable(report: QualitySummary, options: RenderOptions = {}): string {
  const { samples = 3 } = options;
  const n = (value: number) => value.toLocaleString('en-GB');
  const pct = (count: number) => (report.rowsIn === 0 ? 0 : (count / report.rowsIn) * 100).toFixed(2) + '%';
  const rows: string[][] = [['rows in', '', n(report.rowsIn), '100.00%', '']];
  for (const rule of report.rules) {
    rows.push([rule.id, rule.action, n(rule.count), pct(rule.count), formatMoney(rule.amountMilli)]);
  }
  rows.push(['clean lines', 'keep', n(report.clean), pct(report.clean), formatMoney(report.cleanRevenueMilli)]);
  const out = textTable(HEADER, rows, { align: ALIGN, rule: '-' }).split('\n');
  const excluded = Object.values(report.excluded).reduce((a, b) => a + (b ?? 0), 0);
  const l = report.lines;
  out.push(
    '',
    `items (keyed for DynamoDB)  ${n(report.items)}   lines combined into another item  ${n(report.combinedLines)}`,
    `guest lines (no customer)  ${n(report.guests)}   non-product lines (postage, fees, manual)  ${n(report.nonProductLines)}`,
    `reconciled: ${report.reconciled ? 'yes' : 'NO'}  (${n(report.rowsIn)} rows in = ${n(report.clean)} clean + ${n(excluded)} excluded + ${n(report.quarantined)} quarantined)`,
    `lines: ${n(report.linesIn)} in = ${n(l.header)} header + ${n(l.blank)} blank + ${n(l.clean)} in clean rows + ${n(l.excluded)} in excluded + ${n(l.quarantined)} in quarantined`,
  );
  for (const rule of report.rules) {
    if (rule.count === 0 || samples === 0) continue;
    out.push('', `${rule.id}: first ${Math.min(samples, rule.samples.length)} of ${n(rule.count)}`);
    for (const s of rule.samples.slice(0, samples)) {
      const why = s.reason === rule.id ? '' : `  (${s.reason})`;
      out.push(`  ${escapeControl(s.source)}:${s.line}${escapeControl(why)}  ${truncate(escapeControl(s.fields.join(',')), 100)}`);
    }
  }
  return out.join('\n');
}

const HEADER = ['rule', 'action', 'rows', 'share', 'amount'];
const ALIGN: readonly ColumnAlign[] = ['left', 'left', 'right', 'right', 'right'];

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
