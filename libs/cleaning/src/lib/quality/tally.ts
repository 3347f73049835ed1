import { milli, type RuleId, type RuleResult, type RuleSample } from '@ecomlake/model';
import { RULE_ORDER } from '../options';

/** Running count, money and first samples of one rule. */
export interface RuleTally {
  count: number;
  amountMilli: number;
  samples: RuleSample[];
}

export type Tallies = Record<RuleId, RuleTally>;

export function createTallies(): Tallies {
  return Object.fromEntries(RULE_ORDER.map((id) => [id, { count: 0, amountMilli: 0, samples: [] }])) as unknown as Tallies;
}

/** Counts one affected row; its amount only when both numbers were readable and the product and the sum stay exact. */
export function tally(
  t: RuleTally,
  amountMilli: number,
  maxSamples: number,
  sample: () => RuleSample,
): void {
  t.count++;
  if (Number.isSafeInteger(amountMilli) && Number.isSafeInteger(t.amountMilli + amountMilli)) t.amountMilli += amountMilli;
  if (t.samples.length < maxSamples) t.samples.push(sample());
}

/** The report's rule list: enabled rules in order, with their share of rows in. */
export function ruleResults(tallies: Tallies, enabled: Readonly<Record<RuleId, boolean>>, rowsIn: number): RuleResult[] {
  return RULE_ORDER.filter((id) => enabled[id]).map((id) => ({
    id,
    action: id === 'malformed' ? 'quarantine' : 'exclude',
    count: tallies[id].count,
    percent: percentOf(tallies[id].count, rowsIn),
    amountMilli: milli(tallies[id].amountMilli),
    samples: tallies[id].samples,
  }));
}

/** Share in percent, rounded to 3 decimals (0 when there are no rows). */
export function percentOf(count: number, rowsIn: number): number {
  return rowsIn === 0 ? 0 : Math.round((count / rowsIn) * 100_000) / 1000;
}
