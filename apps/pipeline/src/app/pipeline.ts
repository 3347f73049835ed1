// The composition: each stage calls the libraries and returns the figures it reports.
// Nothing here decides what data means; that lives in the libraries.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import {
  ensureBucket,
  formatS3Uri,
  parseS3Uri,
  readObjectContent,
  resolveObjects,
  uploadFiles,
  writeTable,
  type ObjectInfo,
  type WrittenTable,
} from '@ecomlake/s3-extract';
import {
  cleanBuffer,
  cleaningFingerprint,
  cleanRows,
  mergePartitions,
  orderItems,
  renderQualityTable,
  type CleanPartition,
  type CleanResult,
} from '@ecomlake/cleaning';
import { DYNAMODB_LOCAL_LOAD, ensureTable, loadPartitions, orderTableSpec, type LoadPartition, type LoadResult } from '@ecomlake/dynamodb-repository';
import { chooseTarget, openClients, type Clients } from './clients';
import { mapConcurrent } from '@ecomlake/util';
import { describeSkipped, resolveInput, type RawInput } from './input';
import { createProgress, type Progress, type ProgressOptions } from './progress';
import { runStages, StageFailedError, type Stage, type StageRecord } from './stages';
import type { Settings } from './settings';
import { runAnalytics, type AnalyticsResult } from './analytics';
import { writeRunOutputs } from './outputs';
import { writeJsonAtomic } from './out-dir';
import { startRun, writeFailed } from './run-summary';

export interface RunContext {
  /** This run's id, carried by every output it writes; see run-summary.ts. */
  runId: string;
  startedAt: string;
  settings: Settings;
  clients: Clients;
  /** DynamoDB is DynamoDB Local (the embedded stack, or an endpoint on loopback): its presets apply. */
  dynamoDbLocal: boolean;
  dataDir: string;
  wholeObjectBytes: number;
  input?: RawInput;
  rawUri?: string;
  /** The run's manifest: exactly the raw objects it takes (key, ETag, size); later stages read only these. */
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
      const { bucket } = c.settings;
      c.rawUri = formatS3Uri({ bucket, key: c.input.rawKey });
      const progress = c.progress('upload', { unit: 'files' });
      let files = 0;
      // The input's prefix mirrors the input: objects of files since deleted are removed.
      const summary = await uploadFiles(c.clients.s3, c.input.path, c.rawUri, {
        filter: (relative) => /\.csv(\.gz)?$/i.test(relative),
        onFile: () => progress.update(++files),
        removeOthers: true,
      });
      progress.finish();
      c.objects = summary.objects.map((o) => ({ bucket, key: o.key, uri: o.uri, size: o.size, etag: o.etag }));
      c.log(`upload: ${summary.uploaded} uploaded, ${summary.skipped} skipped (already in the lake), ${summary.removed.length} removed (no longer in the input)`);
      // Entries of the input folder that could not be read are left out, never silently.
      const unreadable = c.input.skipped.filter((entry) => entry.reason !== 'duplicate');
      if (unreadable.length > 0) c.log(`upload: ${unreadable.length} input entries could not be read and were left out: ${describeSkipped(unreadable)}`);
      return {
        source: c.input.path,
        synthetic: c.input.synthetic,
        to: c.rawUri,
        uploaded: summary.uploaded,
        skipped: summary.skipped,
        removed: summary.removed.length,
        unreadable: unreadable.map((entry) => ({ path: entry.relative, reason: entry.reason })),
        bytes: summary.bytes,
      };
    },
  },
  {
    name: 'extract',
    skip: (c) => (c.settings.analyticsOnly ? '--analytics-only' : undefined),
    async run(c) {
      const uri = c.rawUri ?? '';
      // A local input's manifest is what it uploaded; an S3 input's is one listing, now.
      if (c.input?.kind === 's3') for await (const object of resolveObjects(c.clients.s3, uri)) c.objects.push(object);
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
      const readBase = {
        encoding: settings.encoding,
        cacheDir: settings.useCache ? path.join(c.dataDir, 'cache') : undefined,
        forceDownload: settings.forceDownload,
      };
      const clean = { dateFormat: settings.dateFormat, encoding: settings.encoding, partition: '' };
      c.partitions = await mapConcurrent(c.objects, CLEAN_CONCURRENCY, async (object) => {
        const options = { ...clean, partition: object.uri };
        // Pinned to the manifest's version (an object replaced since fails the run, named) and
        // to its listed size (a short body is resumed, never taken as the whole object).
        const read = { ...readBase, etag: object.etag, size: object.size, wholeBytes: c.wholeObjectBytes };
        // A day's object is small: read it whole and clean it on the fast path. A large one,
        // or one that decompresses past wholeBytes, is streamed record by record.
        const content = await readObjectContent(c.clients.s3, object.uri, read);
        const partition = content.kind === 'whole' ? cleanBuffer(content.bytes, object.uri, options) : await cleanRows(content.rows, options);
        progress.update(++done);
        return partition;
      });
      progress.finish();
      c.cleaned = mergePartitions(c.partitions);
      const report = c.cleaned.report;
      writeJsonAtomic(path.join(settings.out, 'quality-report.json'), { runId: c.runId, ...report });
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
      await ensureTable(c.clients.dynamodb, orderTableSpec(c.settings.table));
      const total = c.cleaned?.report.items ?? 0;
      const progress = c.progress('load', { total, unit: 'items' });
      // The table follows exactly this run's input: partitions it no longer has are pruned.
      c.load = await loadPartitions(c.clients.dynamodb, c.settings.table, loadUnits(c), {
        ...(c.dynamoDbLocal ? DYNAMODB_LOCAL_LOAD : {}),
        ...(c.settings.concurrency && { concurrency: c.settings.concurrency }),
        prune: true,
        onProgress: (p) => progress.update(p.written),
      });
      progress.finish();
      const { written, retried, failed, consumedCapacity, ms, partitionsDone, partitionsSkipped, partitionsRemoved, deleted } = c.load;
      c.log(
        `load: ${partitionsDone.length} partitions loaded, ${partitionsSkipped.length} skipped (loaded before with the same object and settings), ` +
          `${partitionsRemoved.length} removed (no longer in the input), ${deleted} stale items deleted`,
      );
      if (failed.length > 0) {
        throw new Error(`${failed.length} items could not be written (first: ${failed[0].reason}); rerun to load their partitions again.`);
      }
      return {
        written,
        retried,
        failed: failed.length,
        itemsPerSecond: ms > 0 ? Math.round((written / ms) * 1000) : 0,
        consumedCapacity,
        partitionsLoaded: partitionsDone.length,
        partitionsSkipped: partitionsSkipped.length,
        partitionsRemoved: partitionsRemoved.length,
        deleted,
      };
    },
  },
  {
    name: 'analytics',
    skip: (c) => (!c.settings.analytics ? '--no-analytics' : undefined),
    async run(c) {
      c.analytics = await runAnalytics(c.clients, c.settings, c.log, c.dynamoDbLocal);
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
  /** Raw objects up to this size (as read, decompressed) are read whole; larger ones are streamed. Default 32 MiB (the largest real day is ~1.1 MB). */
  wholeObjectBytes?: number;
  /** Aborting it (SIGINT, SIGTERM) stops the run between or during stages; it then fails with the abort's reason. Default: none. */
  signal?: AbortSignal;
}

/**
 * Claims the out folder (run-summary.json "running", the previous run's outputs removed),
 * runs every stage, then writes the report and run-summary.json "succeeded". On a failure,
 * run-summary.json says "failed" (stage, message, the stages that completed) and the error
 * is rethrown.
 */
export async function runPipeline(settings: Settings, options: RunOptions = {}): Promise<StageRecord[]> {
  const { log = console.log, dataDir = '.data', env = process.env, wholeObjectBytes = 32 * 1024 * 1024, progress = true, signal } = options;
  const run = startRun(settings);
  let clients: Clients | undefined;
  let context: RunContext | undefined;
  let records: StageRecord[] | undefined;
  try {
    clients = await openClients(settings, env, dataDir);
    log(`ecomlake pipeline → ${clients.description} · run ${run.runId}`);
    context = {
      ...run,
      settings,
      clients,
      dynamoDbLocal: chooseTarget(settings, env) === 'local' || isLoopback(settings.dynamoDbEndpoint),
      dataDir,
      wholeObjectBytes,
      objects: [],
      partitions: [],
      savedTables: [],
      log,
      progress: progress ? createProgress : () => ({ update: () => undefined, finish: () => undefined }),
    };
    records = await runStages(
      STAGES,
      context,
      (r) => log(`✓ ${r.name.padEnd(13)} ${r.status === 'skipped' ? `skipped (${r.reason})` : `${r.seconds.toFixed(2)} s`}`),
      { signal },
    );
    await writeRunOutputs(context, records);
    return records;
  } catch (caught) {
    // Interrupted while opening the clients, the stack may fail first: the interruption is the news.
    const error: unknown = signal?.aborted && !(caught instanceof StageFailedError) ? signal.reason : caught;
    try {
      writeFailed(settings, run, { error, context, records });
    } catch (writeError) {
      // The run's own failure is what the caller must see; this one is only reported.
      log(`could not write ${path.join(settings.out, 'run-summary.json')}: ${writeError instanceof Error ? writeError.message : String(writeError)}`);
    }
    throw error;
  } finally {
    await clients?.close();
  }
}

function isLoopback(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/**
 * Each cleaned partition as a load unit: its id is the object's key under the input's
 * prefix (stable across reruns), its identity the object's ETag and everything in the
 * cleaning that shapes its items, so a change to either loads it again.
 */
function loadUnits(c: RunContext): LoadPartition[] {
  const prefix = c.rawUri ? parseS3Uri(c.rawUri).key : '';
  const byUri = new Map(c.objects.map((o) => [o.uri, o]));
  const fingerprint = createHash('sha256')
    .update(cleaningFingerprint({ encoding: c.settings.encoding, dateFormat: c.settings.dateFormat }))
    .digest('hex')
    .slice(0, 16);
  return c.partitions.map((p) => {
    const object = byUri.get(p.partition);
    if (!object) throw new Error(`partition ${p.partition} is not in the run's manifest`);
    const id = object.key.startsWith(prefix) && object.key.length > prefix.length ? object.key.slice(prefix.length).replace(/^\//, '') : object.key;
    return { id, identity: `${object.etag}|${fingerprint}`, items: () => orderItems(p.items) };
  });
}

function required<T>(value: T | undefined, stage: string): T {
  if (value === undefined) throw new Error(`this stage needs the output of "${stage}", which did not run`);
  return value;
}
