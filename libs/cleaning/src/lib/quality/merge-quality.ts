import { milli, type QualitySummary, type RuleId, type RuleResult } from '@ecomlake/model';
import { formatMilli } from '../parse/money';
import { percentOf } from './tally';

/**
 * Sums partition reports into one, in partition order: counts and money add up,
 * percentages are recomputed, and each rule keeps its first `maxSamples` samples.
 * The result is not yet reconciled (see `reconcile`).
 */
export function mergeQuality(reports: readonly QualitySummary[], maxSamples = 20): QualitySummary {
  const rowsIn = sum(reports, (r) => r.rowsIn);
  const excluded: Partial<Record<RuleId, number>> = {};
  for (const r of reports) {
    for (const [id, n] of Object.entries(r.excluded) as [RuleId, number][]) excluded[id] = (excluded[id] ?? 0) + n;
  }
  const rules = new Map<RuleId, RuleResult>();
  for (const r of reports) {
    for (const rule of r.rules) {
      const into = rules.get(rule.id) ?? { ...rule, count: 0, amountMilli: milli(0), samples: [] as RuleResult['samples'] };
      into.count += rule.count;
      into.amountMilli = milli(into.amountMilli + rule.amountMilli);
      into.samples = into.samples.concat(rule.samples.slice(0, maxSamples - into.samples.length));
      rules.set(rule.id, into);
    }
  }
  const cleanRevenueMilli = milli(sum(reports, (r) => r.cleanRevenueMilli));
  return {
    rowsIn,
    clean: sum(reports, (r) => r.clean),
    excluded,
    quarantined: sum(reports, (r) => r.quarantined),
    cleanRevenueMilli,
    cleanRevenue: formatMilli(cleanRevenueMilli),
    items: sum(reports, (r) => r.items),
    combinedLines: sum(reports, (r) => r.combinedLines),
    guests: sum(reports, (r) => r.guests),
    nonProductLines: sum(reports, (r) => r.nonProductLines),
    rules: [...rules.values()].map((rule) => ({ ...rule, percent: percentOf(rule.count, rowsIn) })),
    linesIn: sum(reports, (r) => r.linesIn),
    lines: {
      header: sum(reports, (r) => r.lines.header),
      blank: sum(reports, (r) => r.lines.blank),
      clean: sum(reports, (r) => r.lines.clean),
      excluded: sum(reports, (r) => r.lines.excluded),
      quarantined: sum(reports, (r) => r.lines.quarantined),
    },
    reconciled: false,
  };
}

function sum(reports: readonly QualitySummary[], of: (r: QualitySummary) => number): number {
  return reports.reduce((total, r) => total + of(r), 0);
}
