// run-summary.json's one shape, built without I/O from what a run knows.
import { milli, type QualitySummary } from '@ecomlake/model';
import { reducePartitions } from './reduce';
import { buildRunSummary, itemsPerSecond } from './run-summary';
import type { PartitionResult } from './types';

// A reconciled partition of 3 clean lines in 2 items, by hand.
const report: QualitySummary = {
  rowsIn: 3, clean: 3, excluded: {}, quarantined: 0, cleanRevenueMilli: milli(4500), cleanRevenue: '4.500', items: 2, combinedLines: 1, guests: 0, nonProductLines: 0,
  rules: [], linesIn: 4, lines: { header: 1, blank: 0, clean: 3, excluded: 0, quarantined: 0 }, reconciled: true,
};
const part = (id: string, written: number, status: 'loaded' | 'skipped'): PartitionResult => ({
  id, source: `s3://b/raw/${id}`, etag: '"e"', size: 10, identity: 'i', report, counts: { lines: 3, items: 2, excluded: 0, quarantined: 0, itemLines: 3, itemRevenueMilli: 4500 },
  invoices: [id], lake: [{ dataset: 'orders', key: `clean/t/orders/${id}.parquet`, uri: `s3://b/clean/t/orders/${id}.parquet`, rows: 2, bytes: 50 }],
  load: { status, written, retried: 0, deleted: 1, requests: 3, consumedCapacity: 10, capacityEstimated: false, capacityByTarget: { table: 10 }, replaceCost: { readRequests: 1, readCapacity: 2, writeRequests: 1, writeCapacity: 1 }, ms: 1 },
  seconds: { read: 1, clean: 1, lake: 1, load: 1 },
});
const reduction = reducePartitions([part('a.csv', 2, 'loaded'), part('b.csv', 0, 'skipped')]);
const finished = { partitionsRemoved: ['gone.csv'], itemsDeleted: 5, lakeObjectsRemoved: ['clean/t/orders/gone.parquet'], consumedCapacity: 4 };

describe('buildRunSummary', () => {
  it('merges the prune into the load totals and prices the run from them', () => {
    const summary = buildRunSummary({
      runId: 'r1', status: 'succeeded', startedAt: 's', finishedAt: 'f', target: 'embedded stack', input: 'data', table: 't', bucket: 'b',
      reduction, finished, lake: { uri: 's3://b/clean/t/', format: 'parquet' }, partitionsMs: 500, outputs: ['run-summary.json'],
    });
    expect(summary.load).toEqual({
      items: 4, written: 2, retried: 0, itemsPerSecond: 4, consumedCapacity: 24, capacityByTarget: { table: 20 }, capacityEstimated: false,
      partitionsLoaded: 1, partitionsSkipped: 1, partitionsRemoved: 1, deleted: 7, replaceCost: { readRequests: 2, readCapacity: 4, writeRequests: 2, writeCapacity: 2 },
    });
    expect(summary.lake).toEqual({ uri: 's3://b/clean/t/', format: 'parquet', parts: 2, rows: 4, bytes: 100, removed: 1, removedKeys: ['clean/t/orders/gone.parquet'] });
    expect(summary.quality).toEqual({ runId: 'r1', ...reduction.report });
    expect(summary.cost?.run).toMatchObject({ writeUnits: 24, readUnits: 4 });
    expect(summary.cost?.writeUnitsPerItem).toBe(12);
    expect(summary).toMatchObject({ partitions: 2, prune: 'done', partitionSeconds: { read: 2, clean: 2, lake: 2, load: 2 }, stages: {} });
    expect(Object.keys(summary).slice(0, 5)).toEqual(['runId', 'status', 'startedAt', 'node', 'finishedAt']);
  });

  it('puts a failure right after the status, and keeps the stages in order with their seconds summed', () => {
    const summary = buildRunSummary({
      runId: 'r2', status: 'failed', startedAt: 's', finishedAt: 'f', failure: { stage: 'reduce', error: 'boom' }, table: 't', bucket: 'b',
      stages: [{ name: 'upload', status: 'done', seconds: 1.25, figures: { uploaded: 1 } }, { name: 'reduce', status: 'failed', seconds: 0.5 }], peakRssMiB: 100, outputs: ['run-summary.json'],
    });
    expect(Object.keys(summary)).toEqual(['runId', 'status', 'startedAt', 'node', 'finishedAt', 'failedStage', 'error', 'table', 'bucket', 'totalSeconds', 'peakRssMiB', 'stages', 'outputs']);
    expect(summary).toMatchObject({ failedStage: 'reduce', error: 'boom', totalSeconds: 1.75, stages: { upload: { status: 'done', seconds: 1.25, figures: { uploaded: 1 } }, reduce: { status: 'failed', seconds: 0.5 } } });
  });

  it('records the Node.js that ran the run: this process by default, or the one the app names', () => {
    expect(buildRunSummary({ runId: 'n1', status: 'running', table: 't', bucket: 'b', outputs: [] }).node).toBe(process.version);
    expect(buildRunSummary({ runId: 'n2', status: 'succeeded', node: 'v22.23.5', table: 't', bucket: 'b', outputs: [] }).node).toBe('v22.23.5');
  });

  it('gives a run that did not prune, or knows no wall time, the same fields less those', () => {
    const summary = buildRunSummary({ runId: 'e1', status: 'succeeded', table: 't', bucket: 'b', reduction, notPruned: 'skipped: part of raw/', mapRunArn: 'arn:map', lake: { uri: 's3://b/clean/t/', format: 'parquet' }, outputs: [] });
    expect(summary.prune).toBe('skipped: part of raw/');
    expect(summary.load?.itemsPerSecond).toBeUndefined();
    expect(summary.load).toMatchObject({ consumedCapacity: 20, deleted: 2, partitionsRemoved: 0 });
    expect(summary.lake).toMatchObject({ removed: 0, removedKeys: [] });
    expect(summary.mapRunArn).toBe('arn:map');
  });

  it('computes items per second of wall time, whole, and 0 for no time', () => {
    expect(itemsPerSecond(1000, 400)).toBe(2500);
    expect(itemsPerSecond(1, 3)).toBe(333);
    expect(itemsPerSecond(5, 0)).toBe(0);
  });
});
