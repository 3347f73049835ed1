import { ReconciliationError, reduceQuality, type PartitionQuality, type TableCounts } from '@ecomlake/cleaning';
import type { QualitySummary } from '@ecomlake/model';
import { disjointFold } from './disjoint';
import { inRunOrder } from './run-order';
import type { PartitionLoadFigures, PartitionResult } from './types';

/** A run's totals, reduced from its partition results. */
export interface RunReduction {
  /** The merged quality report, reconciled against the partitions' own counts. */
  readonly report: QualitySummary;
  readonly partitions: number;
  readonly lake: { readonly parts: number; readonly rows: number; readonly bytes: number };
  /** The partitions' load figures summed (absent when none was loaded), with which were loaded and skipped. */
  readonly load?: Omit<PartitionLoadFigures, 'status' | 'ms'> & { readonly loaded: readonly string[]; readonly skipped: readonly string[] };
  /** Seconds summed over partitions (work, not wall time: partitions overlap). */
  readonly seconds: PartitionResult['seconds'];
  /** Every partition id, in run order: what `finishRun` keeps in the table. */
  readonly partitionIds: readonly string[];
  /** Every lake file the partitions wrote: what `finishRun` keeps in the lake. */
  readonly lakeKeys: readonly string[];
}

export interface ReduceOptions {
  /** Samples kept per rule in the merged report. Default 20. */
  readonly samples?: number;
}

/** A reduce that takes partition results as they arrive and keeps only what the run's totals need. */
export interface RunFold {
  /**
   * Takes partition `index`'s result (0-based run order; any arrival order). It is folded once
   * every earlier one has arrived, then dropped: the run keeps the invoice owners (the overlap
   * check), the report's first samples, ids, lake keys and sums.
   */
  add(index: number, result: PartitionResult): void;
  /** The run's reduction; throws as `reducePartitions` does, or a RangeError naming a result that never arrived. */
  finish(): RunReduction;
}

type LoadSums = Omit<NonNullable<RunReduction['load']>, 'loaded' | 'skipped'> & { loaded: string[]; skipped: string[] };

/**
 * Reduces results one at a time, in run order, to exactly what `reducePartitions` gives the
 * whole list: the same report (samples in partition order), the same first error. Memory
 * holds the results that arrived before an earlier one, not the run's results.
 */
export function createRunFold(options: ReduceOptions = {}): RunFold {
  const maxSamples = options.samples ?? 20;
  const disjoint = disjointFold();
  let unreconciled: { first: string; count: number } | undefined;
  // The report so far (cleaning's own merge, reconciled against the counts so far), and what
  // has not been merged into it: only after a merge failed, so that cleaning's one-shot
  // reduce over them in finish() throws exactly its own error.
  let merged: PartitionQuality | undefined;
  let unmerged: PartitionQuality[] = [];
  let merging = true;
  const seconds = { read: 0, clean: 0, lake: 0, load: 0 };
  const lake = { parts: 0, rows: 0, bytes: 0 };
  const lakeKeys: string[] = [];
  let load: LoadSums | undefined;

  const fold = (r: PartitionResult): void => {
    disjoint.add({ id: r.id, source: r.source, invoices: r.invoices });
    if (!r.report.reconciled) unreconciled = { first: unreconciled?.first ?? r.source, count: (unreconciled?.count ?? 0) + 1 };
    // An unreconciled partition fails the run in finish(): nothing more is merged.
    // Invoices are left out: the disjoint check above has them.
    if (!unreconciled) unmerged.push({ partition: r.source, report: r.report, counts: r.counts });
    if (merging && !unreconciled) {
      try {
        const parts = merged ? [merged, ...unmerged] : unmerged;
        merged = { partition: 'merged partitions', report: reduceQuality(parts, { samples: maxSamples }), counts: sumCounts(parts) };
        unmerged = [];
      } catch {
        // Kept whole from here: finish() hands them to cleaning's reduce, which names the problem.
        merging = false;
      }
    }
    seconds.read += r.seconds.read;
    seconds.clean += r.seconds.clean;
    seconds.lake += r.seconds.lake;
    seconds.load += r.seconds.load;
    for (const part of r.lake) {
      lake.parts += 1;
      lake.bytes += part.bytes;
      if (part.dataset === 'orders') lake.rows += part.rows;
      lakeKeys.push(part.key);
    }
    if (r.load) load = addLoad(load, r.id, r.load);
  };

  // A result that waits for an earlier one keeps only the samples it could contribute.
  const order = inRunOrder(fold, (result: PartitionResult) => trimSamples(result, maxSamples));
  return {
    add: (index, result) => order.add(index, result),
    finish() {
      order.finish();
      const duplicate = disjoint.duplicate();
      if (duplicate) throw duplicate;
      if (unreconciled) throw new ReconciliationError(unreconciled.first, `${unreconciled.count} partition reports are not reconciled`);
      const overlap = disjoint.overlap();
      if (overlap) throw overlap;
      const report = unmerged.length === 0 && merged ? merged.report : reduceQuality(merged ? [merged, ...unmerged] : unmerged, { samples: maxSamples });
      return {
        report,
        partitions: order.count,
        lake,
        seconds: { read: round(seconds.read), clean: round(seconds.clean), lake: round(seconds.lake), load: round(seconds.load) },
        ...(load && { load }),
        partitionIds: disjoint.ids(),
        lakeKeys,
      };
    },
  };
}

/**
 * Reduces partition results to the run's report and totals, from the results alone (no
 * row is read): the merged report must balance against the partitions' counts, no invoice
 * may be in two partitions and no partition id twice, or this throws naming what is wrong.
 */
export function reducePartitions(results: readonly PartitionResult[], options: ReduceOptions = {}): RunReduction {
  const fold = createRunFold(options);
  results.forEach((result, index) => fold.add(index, result));
  return fold.finish();
}

function addLoad(into: LoadSums | undefined, id: string, l: PartitionLoadFigures): LoadSums {
  const sums: LoadSums = into ?? {
    loaded: [],
    skipped: [],
    written: 0,
    retried: 0,
    deleted: 0,
    requests: 0,
    consumedCapacity: 0,
    capacityEstimated: false,
    capacityByTarget: {},
    replaceCost: { readRequests: 0, readCapacity: 0, writeRequests: 0, writeCapacity: 0 },
  };
  (l.status === 'loaded' ? sums.loaded : sums.skipped).push(id);
  const capacityByTarget: Record<string, number> = { ...sums.capacityByTarget };
  for (const [target, units] of Object.entries(l.capacityByTarget)) capacityByTarget[target] = (capacityByTarget[target] ?? 0) + units;
  return {
    ...sums,
    written: sums.written + l.written,
    retried: sums.retried + l.retried,
    deleted: sums.deleted + l.deleted,
    requests: sums.requests + l.requests,
    consumedCapacity: sums.consumedCapacity + l.consumedCapacity,
    capacityEstimated: sums.capacityEstimated || l.capacityEstimated,
    capacityByTarget,
    replaceCost: {
      readRequests: sums.replaceCost.readRequests + l.replaceCost.readRequests,
      readCapacity: sums.replaceCost.readCapacity + l.replaceCost.readCapacity,
      writeRequests: sums.replaceCost.writeRequests + l.replaceCost.writeRequests,
      writeCapacity: sums.replaceCost.writeCapacity + l.replaceCost.writeCapacity,
    },
  };
}

function sumCounts(parts: readonly PartitionQuality[]): TableCounts {
  const counts: TableCounts = { lines: 0, items: 0, excluded: 0, quarantined: 0, itemLines: 0, itemRevenueMilli: 0 };
  for (const { counts: c } of parts) for (const key of Object.keys(counts) as (keyof TableCounts)[]) counts[key] += c[key];
  return counts;
}

/** Any one partition shows at most `maxSamples` samples of a rule in the merged report. */
function trimSamples(result: PartitionResult, maxSamples: number): PartitionResult {
  if (result.report.rules.every((rule) => rule.samples.length <= maxSamples)) return result;
  const rules = result.report.rules.map((rule) => (rule.samples.length <= maxSamples ? rule : { ...rule, samples: rule.samples.slice(0, maxSamples) }));
  return { ...result, report: { ...result.report, rules } };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
