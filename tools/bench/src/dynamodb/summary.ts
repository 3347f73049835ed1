/**
 * The DynamoDB benchmark's output, built from the phases' results: the tables, the answers
 * line and the JSON line (other tools and the README read its keys: keep them and their meaning).
 */
import { INDEXES, type IndexName, type LoadResult } from '@ecomlake/dynamodb-repository';
import { combinedRate, peakRssMiB, type BenchRow } from '../report';
import { round, type Measured } from './measure';
import type { BenchOptions } from './options';
import type { BaselineRun, CapacityFigures, OurLoad, OurReads, Reruns } from './phases';

/** Everything one run measured, phase by phase. */
export interface BenchRun {
  options: BenchOptions;
  items: number;
  capacity: CapacityFigures;
  sweepRows: BenchRow[];
  /** The date query's day and its items. */
  day: { day: string; items: number };
  baseline: BaselineRun;
  upserts: Measured<{ written: number }>;
  /** Ours by day timed before the baseline (not run with --no-baseline); `ours` is the same load after it. */
  oursBefore: Measured<{ written: number }>;
  ours: OurLoad;
  reads: OurReads;
  splitRows: BenchRow[];
  reruns: Reruns;
  decomposeRows: BenchRow[];
}

export interface BenchTable {
  title: string;
  rows: BenchRow[];
}

/** Read and write capacity of a load's replace bookkeeping, per partition loaded or skipped. */
function replaceFigures(result: LoadResult): BenchRow {
  const { readCapacity, writeCapacity, readRequests, writeRequests } = result.replaceCost;
  return { readCapacity: round(readCapacity, 1), writeCapacity: round(writeCapacity, 1), readRequests, writeRequests };
}

/**
 * Items per second of a load of every item; ours is its loads before and after the baseline
 * taken together (`combinedRate`; the one after alone with --no-baseline).
 */
function rates(run: BenchRun): { ours: number; oursBefore: number; oursAfter: number; upserts: number; baseline: number } {
  return {
    ours: Math.round(combinedRate(run.items, [run.oursBefore.seconds, run.ours.load.seconds])),
    oursBefore: Math.round(run.items / run.oursBefore.seconds),
    oursAfter: Math.round(run.items / run.ours.load.seconds),
    upserts: Math.round(run.items / run.upserts.seconds),
    baseline: Math.round(run.items / run.baseline.load.seconds),
  };
}

/** Share of its resource's writes that the hottest key takes, 4 digits. */
function shareOf(run: BenchRun, resource: string): number {
  return round(run.ours.hot[resource]?.share ?? 0, 4);
}

function writeTables(run: BenchRun): BenchTable[] {
  const { capacity, baseline, upserts, ours, reruns, options } = run;
  const rate = rates(run);
  const count = run.items.toLocaleString('en-GB');
  const indexes = options.oursIndexes.join(' + ');
  const partitions = ours.days.length;
  return [
    { title: 'load rate by concurrency (first 50,000 items, our layout)', rows: run.sweepRows },
    { title: `load ${count} items`, rows: [
      { run: 'baseline: 1 BatchWriteItem at a time, original layout (2 GSIs, ALL)', seconds: baseline.load.seconds, itemsPerSecond: rate.baseline, wcuPerItem: round(capacity.baselineWcu), serverCpuSeconds: baseline.load.serverCpu },
      { run: `ours: loadItems (upserts), concurrency ${options.concurrency ?? 'default'}, ${indexes} INCLUDE`, seconds: upserts.seconds, itemsPerSecond: rate.upserts, wcuPerItem: round(capacity.totalWcu), serverCpuSeconds: upserts.serverCpu },
      ...(Number.isFinite(run.oursBefore.seconds)
        ? [
            { run: `ours: loadPartitions by day (replace semantics), ${partitions} partitions, before the baseline`, seconds: run.oursBefore.seconds, itemsPerSecond: rate.oursBefore, wcuPerItem: round(capacity.partitionWcu), serverCpuSeconds: run.oursBefore.serverCpu },
            { run: 'the same after the baseline (its table read and rerun below)', seconds: ours.load.seconds, itemsPerSecond: rate.oursAfter, wcuPerItem: round(capacity.partitionWcu), serverCpuSeconds: ours.load.serverCpu },
            { run: 'ours: both loads together (loadRatio)', seconds: round(run.oursBefore.seconds + ours.load.seconds), itemsPerSecond: rate.ours },
          ]
        : [{ run: `ours: loadPartitions by day (replace semantics), ${partitions} partitions`, seconds: ours.load.seconds, itemsPerSecond: rate.oursAfter, wcuPerItem: round(capacity.partitionWcu), serverCpuSeconds: ours.load.serverCpu }]),
    ] },
    { title: 'replace semantics: what reruns cost', rows: [
      { run: `first load, sample by day (${capacity.partitionLoad.partitionsDone.length} partitions, ${capacity.items} items)`, wcuPerItem: round(capacity.partitionWcu), wcuPerItemUpsert: round(capacity.totalWcu), ...replaceFigures(capacity.partitionLoad) },
      { run: `rerun, nothing changed (${reruns.unchanged.value.partitionsSkipped.length} skipped)`, seconds: round(reruns.unchanged.seconds), ...replaceFigures(reruns.unchanged.value) },
      { run: `rerun, largest day (${reruns.changedDayItems} items) minus 40: replaced`, seconds: round(reruns.corrected.seconds), written: reruns.corrected.value.written, deleted: reruns.corrected.value.deleted, totalWcu: round(reruns.corrected.value.consumedCapacity, 1), ...replaceFigures(reruns.corrected.value) },
    ] },
    { title: `write capacity units per item (ours: ${indexes}; uniform sample of ${capacity.items.toLocaleString('en-GB')} items)`, rows: [
      { layout: 'table only', wcuPerItem: round(capacity.tableWcu) },
      ...capacity.gsi.map((index) => ({ layout: `${index.name} alone adds`, wcuPerItem: round(index.wcu) })),
      { layout: `ours (${indexes})`, wcuPerItem: round(capacity.totalWcu) },
      { layout: 'with CountryIndex (opt-in; the layout before)', wcuPerItem: round(capacity.wideWcu) },
      { layout: 'CountryIndex alone adds', wcuPerItem: round(capacity.countryIndexWcu) },
    ] },
    { title: `hottest key of each resource (writes of the first full load, ${partitions} partitions)`, rows: ['table', 'CustomerIndex', 'CountryIndex'].map((resource) => ({
      resource: `${resource}${resource === 'table' ? ' (InvoiceNo)' : ` (${INDEXES[resource as IndexName].partitionKey})`}${options.oursIndexes.includes(resource as IndexName) || resource === 'table' ? '' : ', not in ours'}`,
      key: ours.hot[resource]?.key ?? '',
      writes: ours.hot[resource]?.writes ?? 0,
      of: ours.hot[resource]?.of ?? 0,
      share: shareOf(run, resource),
    })) },
  ];
}

function readTables(run: BenchRun): BenchTable[] {
  const { baseline, reads, options } = run;
  return [
    { title: 'read for the bubble map + histograms', rows: [
      { run: 'baseline: sequential projected Scan of the table', seconds: baseline.scan.seconds, rcu: round(baseline.scan.value, 1), serverCpuSeconds: baseline.scan.serverCpu },
      { run: `ours: salesOverview (the scan path), parallel Scan of ${options.countryIndex ? 'CountryIndex' : 'the table'} (${reads.scan.value.requests} requests, segments ${options.segments})`, seconds: reads.scan.seconds, rcu: round(reads.scan.value.consumedCapacity, 1), serverCpuSeconds: reads.scan.serverCpu },
    ] },
    { title: `revenue on ${run.day.day} (${run.day.items} items)`, rows: [
      { run: 'baseline: Scan filtered on the day', seconds: baseline.date.seconds, rcu: round(baseline.date.value, 1) },
      { run: `ours: revenueOnDate from the aggregates by key (${reads.date.value.requests} requests, the coverage check included)`, seconds: reads.date.seconds, rcu: round(reads.date.value.consumedCapacity, 1) },
    ] },
    { title: options.countryIndex ? 'splitting the biggest partition' : 'splitting the biggest partition (needs --country-index)', rows: run.splitRows },
    { title: 'load levers (same items)', rows: run.decomposeRows },
  ];
}

/** The tables, in print order (an empty one is not printed). */
export function benchTables(run: BenchRun): BenchTable[] {
  return [...writeTables(run), ...readTables(run)];
}

/** Every answer of ours equals the expected one. */
export function answersAgree(run: BenchRun): boolean {
  return run.reads.scanAgree && run.reads.dateAgree && run.reruns.reloadAgree;
}

export function answersLine({ reads, reruns }: BenchRun): string {
  const yes = (agree: boolean) => (agree ? 'yes' : 'NO');
  return `\nanswers agree: bubble map + histograms ${yes(reads.scanAgree)}, revenue on date ${yes(reads.dateAgree)}, corrected day after the reload ${yes(reruns.reloadAgree)}`;
}

/** The final JSON line's object; key order is part of the output. */
export function benchJson(run: BenchRun): Record<string, unknown> {
  const { capacity, baseline, ours, reads, reruns, options } = run;
  const rate = rates(run);
  const dateQueryRcu = round(reads.date.value.consumedCapacity, 1);
  const baselineDateQueryRcu = round(baseline.date.value, 1);
  // The table's own key and each index of ours; CountryIndex's figure is reported either way.
  const hottestKeyShare = Math.max(...['table', ...options.oursIndexes].map((resource) => ours.hot[resource]?.share ?? 0));
  return {
    items: run.items,
    loadItemsPerSecond: rate.ours,
    loadItemsPerSecondBeforeBaseline: Number.isFinite(rate.oursBefore) ? rate.oursBefore : null,
    loadItemsPerSecondAfterBaseline: rate.oursAfter,
    baselineLoadItemsPerSecond: rate.baseline,
    loadRatio: round(rate.ours / rate.baseline, 2),
    upsertItemsPerSecond: rate.upserts,
    upsertLoadRatio: round(rate.upserts / rate.baseline, 2),
    wcuPerItemReplace: round(capacity.partitionWcu, 4),
    itemWcuWithTag: round(capacity.itemWcuWithTag, 4),
    bookkeepingWcuPerItemFullDays: round(ours.load.value.replaceCost.writeCapacity / run.items, 4),
    bookkeepingRcuFirstLoad: round(ours.load.value.replaceCost.readCapacity, 1),
    wcuPerItemUpsert: round(capacity.totalWcu, 4),
    unchangedRerunRcu: round(reruns.unchanged.value.replaceCost.readCapacity, 1),
    unchangedRerunWcu: round(reruns.unchanged.value.consumedCapacity, 1),
    changedDayItems: reruns.changedDayItems,
    changedDayRcu: round(reruns.corrected.value.replaceCost.readCapacity, 1),
    changedDayWcu: round(reruns.corrected.value.consumedCapacity, 1),
    changedDayBookkeepingWcu: round(reruns.corrected.value.replaceCost.writeCapacity, 1),
    loadServerCpuSeconds: ours.load.serverCpu,
    baselineLoadServerCpuSeconds: baseline.load.serverCpu,
    scanSeconds: round(reads.scan.seconds),
    baselineScanSeconds: round(baseline.scan.seconds),
    scanRatio: round(baseline.scan.seconds / reads.scan.seconds, 2),
    scanRcu: round(reads.scan.value.consumedCapacity, 1),
    baselineScanRcu: round(baseline.scan.value, 1),
    dateQueryRcu,
    baselineDateQueryRcu,
    dateRcuRatio: round(baselineDateQueryRcu / dateQueryRcu, 1),
    dateQuerySeconds: round(reads.date.seconds),
    baselineDateQuerySeconds: round(baseline.date.seconds),
    baselineWcuPerItem: round(capacity.baselineWcu),
    wcuPerItemTable: round(capacity.tableWcu),
    ...Object.fromEntries(capacity.gsi.map((index) => [`wcuPerItem${index.name}`, round(index.wcu)])),
    wcuPerItemWithCountryIndex: round(capacity.wideWcu),
    wcuPerItemCountryIndex: round(capacity.countryIndexWcu),
    hottestKeyShareTable: shareOf(run, 'table'),
    hottestKeyShareCustomerIndex: shareOf(run, 'CustomerIndex'),
    hottestKeyShareCountryIndex: shareOf(run, 'CountryIndex'),
    indexes: options.oursIndexes.join(','),
    ukSplitSeconds: run.splitRows[0]?.seconds,
    ukSingleQuerySeconds: run.splitRows[1]?.seconds,
    concurrency: options.concurrency ?? 'default',
    segments: options.segments,
    answersAgree: answersAgree(run),
    peakRssMiB: peakRssMiB(),
    wcuPerItem: round(capacity.totalWcu),
    hottestKeyShare: round(hottestKeyShare, 4),
  };
}
