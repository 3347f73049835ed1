import { reduceReports } from '@ecomlake/cleaning';
import type { QualityReport } from '@ecomlake/model';
import type { PartitionLoadFigures, PartitionResult } from './types';

/** A run's totals, reduced from its partition results. */
export interface RunReduction {
  /** The merged quality report, reconciled against the partitions' own counts. */
  readonly report: QualityReport;
  readonly partitions: number;
  readonly lake: { readonly parts: number; readonly rows: number; readonly bytes: number };
  /** The partitions' load figures summed (absent when none was loaded), with which were loaded and skipped. */
  readonly load?: Omit<PartitionLoadFigures, 'status' | 'ms'> & { readonly loaded: readonly string[]; readonly skipped: readonly string[] };
  /** Seconds summed over partitions (work, not wall time: partitions overlap). */
  readonly seconds: PartitionResult['seconds'];
}

export interface ReduceOptions {
  /** Samples kept per rule in the merged report. Default 20. */
  readonly samples?: number;
}

/**
 * Reduces partition results to the run's report and totals, from the results alone (no
 * row is read): the merged report must balance against the partitions' counts, no invoice
 * may be in two partitions and no partition id twice, or this throws naming what is wrong.
 */
export function reducePartitions(results: readonly PartitionResult[], options: ReduceOptions = {}): RunReduction {
  const ids = new Map<string, string>();
  for (const r of results) {
    const other = ids.get(r.id);
    if (other !== undefined) throw new RangeError(`partition "${r.id}" is given twice (${other} and ${r.source}); partition ids must be unique`);
    ids.set(r.id, r.source);
  }
  const report = reduceReports(
    results.map((r) => ({ partition: r.source, report: r.report, counts: r.counts, invoices: r.invoices })),
    { samples: options.samples },
  );
  const sum = (of: (r: PartitionResult) => number) => results.reduce((total, r) => total + of(r), 0);
  const parts = results.flatMap((r) => r.lake);
  const seconds = {
    read: round(sum((r) => r.seconds.read)),
    clean: round(sum((r) => r.seconds.clean)),
    lake: round(sum((r) => r.seconds.lake)),
    load: round(sum((r) => r.seconds.load)),
  };
  const lake = { parts: parts.length, rows: parts.filter((p) => p.dataset === 'orders').reduce((n, p) => n + p.rows, 0), bytes: parts.reduce((n, p) => n + p.bytes, 0) };
  const loads = results.filter((r) => r.load !== undefined);
  if (loads.length === 0) return { report, partitions: results.length, lake, seconds };
  const loadSum = (of: (l: NonNullable<PartitionResult['load']>) => number) => loads.reduce((total, r) => total + (r.load ? of(r.load) : 0), 0);
  const capacityByTarget: Record<string, number> = {};
  for (const r of loads) for (const [target, units] of Object.entries(r.load?.capacityByTarget ?? {})) capacityByTarget[target] = (capacityByTarget[target] ?? 0) + units;
  return {
    report,
    partitions: results.length,
    lake,
    seconds,
    load: {
      loaded: loads.filter((r) => r.load?.status === 'loaded').map((r) => r.id),
      skipped: loads.filter((r) => r.load?.status === 'skipped').map((r) => r.id),
      written: loadSum((l) => l.written),
      retried: loadSum((l) => l.retried),
      deleted: loadSum((l) => l.deleted),
      requests: loadSum((l) => l.requests),
      consumedCapacity: loadSum((l) => l.consumedCapacity),
      capacityEstimated: loads.some((r) => r.load?.capacityEstimated),
      capacityByTarget,
      replaceCost: {
        readRequests: loadSum((l) => l.replaceCost.readRequests),
        readCapacity: loadSum((l) => l.replaceCost.readCapacity),
        writeRequests: loadSum((l) => l.replaceCost.writeRequests),
        writeCapacity: loadSum((l) => l.replaceCost.writeCapacity),
      },
    },
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
