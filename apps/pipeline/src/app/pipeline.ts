// The composition: each stage calls the libraries and returns the figures it reports.
// Nothing here decides what data means; that lives in the libraries.
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  ensureBucket,
  formatS3Uri,
  openObjectStream,
  readObjectRecords,
  resolveObjects,
  uploadFiles,
  writeTable,
  type ObjectInfo,
  type WrittenTable,
} from '@ecomlake/s3-extract';
import { cleanBuffer, cleanRows, mergePartitions, orderItems, renderQualityTable, type CleanPartition, type CleanResult } from '@ecomlake/cleaning';
import {
  ensureTable,
  fileCheckpoint,
  loadPartitions,
  orderTableSpec,
  type LoadResult,
} from '@ecomlake/dynamodb-repository';
import { openClients, type Clients } from './clients';
import { mapConcurrent } from './concurrent';
import { resolveInput, type RawInput } from './input';
import { createProgress, type Progress, type ProgressOptions } from './progress';
import { runStages, type Stage, type StageRecord } from './stages';
import type { Settings } from './settings';
import { runAnalytics, type AnalyticsResult } from './analytics';
import { writeRunOutputs } from './outputs';

export interface RunContext {
  settings: Settings;
  clients: Clients;
  dataDir: string;
  wholeObjectBytes: number;
  input?: RawInput;
  rawUri?: string;
  objects: ObjectInfo[];
  partitions: CleanPartition[];
  cleaned?: CleanResult;
  savedTables: WrittenTable[];
  load?: LoadResult;
  analytics?: AnalyticsResult;
  log: (line: string) => void;
  progress: (label: string, options?: ProgressOptions) => Progress;
}

/** Partitions (raw objects) cleaned at once: each streams from S3 while another cleans. */
const CLEAN_CONCURRENCY = 4;


export const STAGES: readonly Stage<RunContext>[] = [
  {
    name: 'upload',
    skip: (c) => (c.settings.analyticsOnly ? '--analytics-only' : undefined),
    async run(c) {
      c.input = await resolveInput(c.settings, c.dataDir);
      await ensureBucket(c.clients.s3, c.settings.bucket, { region: c.settings.region });
      if (c.input.kind === 's3') {
        c.rawUri = c.input.uri;
        return { source: c.input.uri, note: 'already in S3; nothing to upload' };
      }
      c.rawUri = formatS3Uri({ bucket: c.settings.bucket, key: `raw/${c.input.name}/` });
      const progress = c.progress('upload', { unit: 'files' });
      let files = 0;
      const summary = await uploadFiles(c.clients.s3, c.input.path, c.rawUri, {
        filter: (relative) => /\.csv(\.gz)?$/i.test(relative),
        onFile: () => progress.update(++files),
      });
      progress.finish();
      return { source: c.input.path, synthetic: c.input.synthetic, to: c.rawUri, uploaded: summary.uploaded, skipped: summary.skipped, bytes: summary.bytes };
    },
  },
  {
    name: 'extract',
    skip: (c) => (c.settings.analyticsOnly ? '--analytics-only' : undefined),
    async run(c) {
      const uri = c.rawUri ?? '';
      for await (const object of resolveObjects(c.clients.s3, uri)) c.objects.push(object);
      const bytes = c.objects.reduce((sum, o) => sum + o.size, 0);
      return { prefix: uri, objects: c.objects.length, bytes };
    },
  },
  {
    name: 'clean',
    skip: (c) => (c.settings.analyticsOnly ? '--analytics-only' : undefined),
    async run(c) {
      const { settings } = c;
      const progress = c.progress('clean', { total: c.objects.length, unit: 'objects' });
      let done = 0;
      const read = {
        encoding: settings.encoding,
        cacheDir: settings.useCache ? path.join(c.dataDir, 'cache') : undefined,
        forceDownload: settings.forceDownload,
      };
      const clean = { dateFormat: settings.dateFormat, encoding: settings.encoding, partition: '' };
      c.partitions = await mapConcurrent(c.objects, CLEAN_CONCURRENCY, async (object) => {
        const options = { ...clean, partition: object.uri };
        // A day's object is small: read it whole and clean it on the fast path. A large one
        // is streamed record by record, so memory stays bounded whatever the object size.
        const partition =
          object.size <= c.wholeObjectBytes
            ? cleanBuffer(Buffer.concat(await (await openObjectStream(c.clients.s3, object.uri, read)).body.toArray()), object.uri, options)
            : await cleanRows(readObjectRecords(c.clients.s3, object.uri, read), options);
        progress.update(++done);
        return partition;
      });
      progress.finish();
      c.cleaned = mergePartitions(c.partitions);
      const report = c.cleaned.report;
      mkdirSync(settings.out, { recursive: true });
      writeFileSync(path.join(settings.out, 'quality-report.json'), `${JSON.stringify(report, null, 2)}\n`);
      c.log(renderQualityTable(report));
      return { rowsIn: report.rowsIn, clean: report.clean, excluded: report.excluded, quarantined: report.quarantined, items: report.items, revenue: report.cleanRevenue };
    },
  },
  {
    name: 'save-cleaned',
    skip: (c) => (c.settings.analyticsOnly ? '--analytics-only' : !c.settings.saveCleaned ? '--no-save-cleaned' : undefined),
    async run(c) {
      const cleaned = required(c.cleaned, 'clean');
      const prefix = formatS3Uri({ bucket: c.settings.bucket, key: 'clean/' });
      const write = (table: CleanResult['items'], name: string, format: 'csv' | 'parquet') =>
        writeTable(c.clients.s3, table, prefix, { name, format, timestamped: c.settings.timestamped });
      c.savedTables = [
        await write(cleaned.items, 'orders', c.settings.format),
        await write(cleaned.excluded, 'excluded', 'csv'),
        await write(cleaned.quarantine, 'quarantine', 'csv'),
      ];
      return Object.fromEntries(c.savedTables.map((t) => [t.name, { uri: t.latest.uri, rows: t.rows, bytes: t.latest.size }]));
    },
  },
  {
    name: 'load',
    skip: (c) => (!c.settings.load ? (c.settings.analyticsOnly ? '--analytics-only' : '--no-load') : undefined),
    async run(c) {
      const { table } = await ensureTable(c.clients.dynamodb, orderTableSpec(c.settings.table));
      // A table created anew gets a fresh checkpoint: its partitions are loaded again.
      const created = table.CreationDateTime?.getTime() ?? 0;
      const checkpoint = fileCheckpoint(path.join(c.dataDir, 'checkpoints', `${c.settings.table}-${created}.txt`));
      const total = c.cleaned?.report.items ?? 0;
      const progress = c.progress('load', { total, unit: 'items' });
      const byUri = new Map(c.objects.map((o) => [o.uri, o]));
      c.load = await loadPartitions(
        c.clients.dynamodb,
        c.settings.table,
        c.partitions.map((p) => ({ id: `${p.partition}#${byUri.get(p.partition)?.etag ?? ''}`, items: () => orderItems(p.items) })),
        { checkpoint, concurrency: c.settings.concurrency, onProgress: (p) => progress.update(p.written) },
      );
      progress.finish();
      const { written, retried, failed, consumedCapacity, ms, partitionsSkipped } = c.load;
      if (failed.length > 0) {
        throw new Error(`${failed.length} items could not be written (first: ${failed[0].reason}); rerun to retry them (loads are idempotent).`);
      }
      return {
        written,
        retried,
        failed: failed.length,
        itemsPerSecond: ms > 0 ? Math.round((written / ms) * 1000) : 0,
        consumedCapacity,
        partitionsSkipped: partitionsSkipped.length,
      };
    },
  },
  {
    name: 'analytics',
    skip: (c) => (!c.settings.analytics ? '--no-analytics' : undefined),
    async run(c) {
      c.analytics = await runAnalytics(c.clients, c.settings, c.log);
      return c.analytics.figures;
    },
  },
];

export interface RunOptions {
  /** Where lines for people go. Default console.log. */
  log?: (line: string) => void;
  /** Synthetic data, the object cache, load checkpoints and the embedded stack's data. Default `.data`. */
  dataDir?: string;
  /** The environment that decides the target (embedded stack or AWS). Default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Show progress bars (a terminal) or periodic progress lines (CI, pipes) on stderr. Default true. */
  progress?: boolean;
  /** Raw objects up to this size (as stored) are read whole; larger ones are streamed. Default 32 MiB (the largest real day is ~1.1 MB). */
  wholeObjectBytes?: number;
}

/** Runs every stage, then writes run-summary.json (and the report when analytics ran). */
export async function runPipeline(settings: Settings, options: RunOptions = {}): Promise<StageRecord[]> {
  const { log = console.log, dataDir = '.data', env = process.env, wholeObjectBytes = 32 * 1024 * 1024, progress = true } = options;
  const clients = await openClients(settings, env, dataDir);
  log(`ecomlake pipeline → ${clients.description}`);
  const context: RunContext = {
    settings,
    clients,
    dataDir,
    wholeObjectBytes,
    objects: [],
    partitions: [],
    savedTables: [],
    log,
    progress: progress ? createProgress : () => ({ update: () => undefined, finish: () => undefined }),
  };
  try {
    const records = await runStages(STAGES, context, (r) =>
      log(`✓ ${r.name.padEnd(13)} ${r.status === 'skipped' ? `skipped (${r.reason})` : `${r.seconds.toFixed(2)} s`}`),
    );
    await writeRunOutputs(context, records);
    return records;
  } finally {
    await clients.close();
  }
}

function required<T>(value: T | undefined, stage: string): T {
  if (value === undefined) throw new Error(`this stage needs the output of "${stage}", which did not run`);
  return value;
}
