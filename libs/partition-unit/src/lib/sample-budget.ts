import type { RuleId } from '@ecomlake/model';
import type { PartitionResult } from './types';

/** Results kept for the reduce with only the samples the merged report can show. */
export interface SampleBudget {
  /** Takes partition `index`'s result (in any order); it is trimmed once every earlier one has arrived. */
  add(index: number, result: PartitionResult): void;
  /** Every result, in index order, trimmed. Throws if one is missing. */
  results(): PartitionResult[];
}

/**
 * A run's reduce shows the first `maxSamples` samples of each rule in partition order, so a
 * result needs only what its predecessors left: trimming in order keeps the merged report
 * exactly the same while the results a run holds until its reduce stay small.
 */
export function sampleBudget(maxSamples = 20): SampleBudget {
  const pending = new Map<number, PartitionResult>();
  const out: PartitionResult[] = [];
  const kept = new Map<RuleId, number>();
  let next = 0;
  const trim = (result: PartitionResult): PartitionResult => {
    const rules = result.report.rules.map((rule) => {
      const room = Math.max(0, maxSamples - (kept.get(rule.id) ?? 0));
      const samples = rule.samples.slice(0, room);
      kept.set(rule.id, (kept.get(rule.id) ?? 0) + samples.length);
      return samples.length === rule.samples.length ? rule : { ...rule, samples };
    });
    return { ...result, report: { ...result.report, rules } };
  };
  return {
    add(index, result) {
      pending.set(index, result);
      for (let r = pending.get(next); r !== undefined; r = pending.get(next)) {
        pending.delete(next);
        out[next] = trim(r);
        next += 1;
      }
    },
    results() {
      if (pending.size > 0 || out.length !== next) throw new RangeError(`partition results ${[...pending.keys()].join(', ')} arrived before result ${next}`);
      return out;
    },
  };
}
