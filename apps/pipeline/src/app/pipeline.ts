// The composition: each stage calls the libraries and returns its value for the stages after
// it and the figures it reports.
// Nothing here decides what data means; that lives in the libraries.
import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { ensureBucket, formatS3Uri, parseS3Uri, resolveObjects, uploadFiles, type ObjectInfo } from '@ecomlake/s3-extract';
import { escapeControl, PartitionOverlapError, renderQualityTable } from '@ecomlake/cleaning';
import {
  acquireLease,
  beginTableRun,
  DYNAMODB_LOCAL_LOAD,
  ensureTable,
  fenceWrites,
  invalidatePartitionHeads,
  loadShare,
  orderTableSpec,
  type CatalogListed,
  type LoadShare,
  WITH_COUNTRY_INDEX,
} from '@ecomlake/dynamodb-repository';
import {
  classifyRunObject,
  createDisjointCheck,
  createRunFold,
  selectRunObjects,
  finishRun,
  lakePrefix,
  itemsPerSecond,
  partitionId,
  planPartition,
  regroupByDay,
  runLoadSummary,
  runPartition,
  type PartitionLoadTarget,
  type PartitionUnitOptions,
  type SkippedRunObject,
} from '@ecomlake/partition-unit';
import { chooseTarget, openClients, type Clients } from './clients';
import { need, NOTHING_YET, type CompletedStages, type HeldLease, type RunEnv, type RunSoFar, type StageValues } from './run-model';
import { mapConcurrent, processGone } from '@ecomlake/util';
import { BYTES_PER_LINE, describeSkipped, expectedLines, resolveInput, type RawInput } from './input';
import { createProgress } from './progress';
import { runChain, StageFailedError, type ChainStages, type StageRecord } from './stages';
import type { Settings } from './settings';
import { runAnalytics } from './analytics';
import { writeRunOutputs } from './outputs';
import { OUT_NAMES, writeJsonAtomic } from './out-dir';
import { startRun, writeFailed } from './run-summary';

/** Partitions in flight at once at least: one streams from S3 or cleans while others load. */
const PARTITIONS_IN_FLIGHT = 4;

/** The local app's stages, in run order: each returns its value for the stages after it, and its figures. */
export const STAGES: ChainStages<RunEnv, StageValues> = [
  {
    // One writer at a time per table (and so per lake prefix, which is the table's): taken
    // before any work, so a second run fails at once naming the first, or waits (--wait).
    name: 'lease',
    skip: ({ settings }) => (settings.analyticsOnly ? '--analytics-only' : !settings.load ? '--no-load' : undefined),
    async run(env, _done, keep) {
      const { settings, clients } = env;
      // The user's mistakes in --input come before anything else, the lease included.
      const input = await resolveInput(settings, env.dataDir);
      keep({ input });
      // An index the table has beyond ours (CountryIndex from before it was opt-in) is kept and said, with the command that drops it.
      const table = await ensureTable(clients.dynamodb, orderTableSpec(settings.table, settings.countryIndex ? { indexes: WITH_COUNTRY_INDEX } : {}));
      for (const extra of table.extraIndexes) env.log(`table: ${extra.note}`);
      const started = performance.now();
      const lease = await acquireLease(clients.dynamodb, settings.table, {
        owner: { runId: env.runId, host: hostname(), pid: process.pid },
        waitMs: settings.waitMs,
        ttlMs: settings.leaseTtlMs,
        signal: env.signal,
        // A run of this host that no longer runs (kill -9, a crash) is not waited for.
        takeOver: (holder) => {
          const gone = processGone({ host: holder.owner.host, pid: holder.owner.pid, startedAt: holder.acquiredAt });
          if (gone) env.log(`lease: run ${holder.owner.runId} (pid ${holder.owner.pid} on this host) is gone; taking its lease on ${settings.table}`);
          return gone;
        },
        onWait: (holder) => env.log(`lease: table ${settings.table} is being written by run ${holder.owner.runId} (${holder.owner.host ?? '?'}, pid ${holder.owner.pid ?? '?'}) until ${holder.expiresAt} at the latest; waiting up to ${Math.round(settings.waitMs / 1000)} s`),
      });
      // Every write to the table from here on checks the lease first: a run paused past its expiry writes nothing more.
      return {
        value: { input, held: { lease, unfence: fenceWrites(clients.dynamodb, lease) } },
        figures: { table: settings.table, token: lease.token, waitedSeconds: Math.round(performance.now() - started) / 1000 },
      };
    },
  },
  {
    name: 'upload',
    skip: ({ settings }) => (settings.analyticsOnly ? '--analytics-only' : undefined),
    async run(env, done, keep) {
      const { settings, clients } = env;
      const input = done.lease?.input ?? (await resolveInput(settings, env.dataDir));
      keep({ input });
      await ensureBucket(clients.s3, settings.bucket, { region: settings.region });
      if (input.kind === 's3') return { value: { input, rawUri: input.uri, objects: [] }, figures: { source: input.uri, note: 'already in S3; nothing to upload' } };
      const { bucket } = settings;
      const rawUri = formatS3Uri({ bucket, key: input.rawKey });
      keep({ input, rawUri, objects: [] });
      const progress = env.progress('upload', { unit: 'files' });
      let files = 0;
      // The input's prefix mirrors the input: objects of files since deleted are removed.
      const summary = await uploadFiles(clients.s3, input.path, rawUri, {
        // The one rule both apps apply to what a run takes (objects of any other name, folder markers).
        filter: (relative) => classifyRunObject({ key: relative, size: 1 }).take,
        onFile: () => progress.update(++files),
        removeOthers: true,
      });
      progress.finish();
      const objects = summary.objects.map((o) => ({ bucket, key: o.key, uri: o.uri, size: o.size, etag: o.etag }));
      env.log(`upload: ${summary.uploaded} uploaded, ${summary.skipped} skipped (already in the lake), ${summary.removed.length} removed (no longer in the input)`);
      // Entries of the input folder that could not be read are left out, never silently.
      const unreadable = input.skipped.filter((entry) => entry.reason !== 'duplicate');
      if (unreadable.length > 0) env.log(`upload: ${unreadable.length} input entries could not be read and were left out: ${describeSkipped(unreadable)}`);
      return {
        value: { input, rawUri, objects },
        figures: {
          source: input.path,
          synthetic: input.synthetic,
          to: rawUri,
          uploaded: summary.uploaded,
          skipped: summary.skipped,
          removed: summary.removed.length,
          unreadable: unreadable.map((entry) => ({ path: entry.relative, reason: entry.reason })),
          bytes: summary.bytes,
        },
      };
    },
  },
  {
    name: 'extract',
    skip: ({ settings }) => (settings.analyticsOnly ? '--analytics-only' : undefined),
    async run(env, done) {
      const { input, rawUri: uri, objects: uploaded } = need(done.upload, 'upload');
      // A local input's manifest is what it uploaded; an S3 input's is one listing, now, less
      // what a run does not take (stray names, folder markers, archived objects), listed.
      let objects = uploaded;
      let skippedObjects: SkippedRunObject[] = [];
      if (input.kind === 's3') {
        const listed: ObjectInfo[] = [];
        for await (const object of resolveObjects(env.clients.s3, uri, { filter: () => true, signal: env.signal })) listed.push(object);
        const { taken, skipped } = selectRunObjects(listed);
        const details = (list: readonly SkippedRunObject[]) => list.slice(0, 5).map((s) => escapeControl(s.detail)).join('; ') + (list.length > 5 ? '; …' : '');
        if (taken.length === 0) throw new Error(`--input ${escapeControl(uri)}: no .csv or .csv.gz object to take (${skipped.length} left out: ${details(skipped)}).`);
        objects = [...uploaded, ...taken];
        skippedObjects = skipped;
        if (skipped.length > 0) env.log(`extract: ${skipped.length} objects left out: ${details(skipped)}`);
      }
      const bytes = objects.reduce((sum, o) => sum + o.size, 0);
      return { value: { prefix: uri, objects }, figures: { prefix: uri, objects: objects.length, bytes, ...(skippedObjects.length > 0 && { skippedObjects }) } };
    },
  },
  {
    // --partition-by day: the input's lines regrouped so each invoice is whole in one object
    // a day (files cut mid-invoice, e.g. by split -l); the day objects are the partitions.
    name: 'regroup',
    skip: ({ settings }) => (settings.analyticsOnly ? '--analytics-only' : settings.partitionBy !== 'day' ? 'partitions are files (--partition-by file)' : undefined),
    async run(env, done) {
      const { settings, clients } = env;
      const { input, rawUri } = need(done.upload, 'upload');
      const targetUri = formatS3Uri({ bucket: settings.bucket, key: regroupedKey(input, rawUri) });
      const manifest = need(done.extract, 'extract');
      const regrouped = await regroupByDay(clients.s3, manifest.objects, { targetUri, encoding: settings.encoding, dateFormat: settings.dateFormat, ...(env.signal && { signal: env.signal }) });
      const objects = regrouped.objects.map((o) => ({ bucket: o.bucket, key: o.key, uri: formatS3Uri({ bucket: o.bucket, key: o.key }), size: o.size, etag: o.etag }));
      const f = regrouped.figures;
      env.log(`regroup: ${f.records} lines of ${f.files} files into ${f.days} days${f.unassigned > 0 ? ` and ${f.unassigned} lines without a day (unassigned.csv, quarantined there)` : ''}; ${f.written} objects written, ${f.removed} removed, under ${targetUri}`);
      return { value: { uri: targetUri, objects }, figures: { to: targetUri, ...f } };
    },
  },
  {
    // The first pass: every partition read and cleaned, nothing written, so an invoice in two
    // files fails the run before the table or the lake changes. Then the table's run begins.
    name: 'plan',
    skip: ({ settings }) => (settings.analyticsOnly ? '--analytics-only' : !settings.load && !settings.saveCleaned ? '--no-load --no-save-cleaned' : undefined),
    async run(env, done) {
      const { settings, clients } = env;
      const partitions = partitionsOf(done);
      const progress = env.progress('plan', { total: partitions.objects.length, unit: 'objects' });
      let planned = 0;
      // One catalog memory for the run: each country and month is listed once, not once per partition.
      const listed: CatalogListed = { countries: new Set(), months: new Set() };
      // An unchanged partition's invoices come from its summary in the table: no read, no cleaning.
      const load = loadTarget(env, partitions, { listed });
      const options = { ...unitOptions(env), ...(load && { load }) };
      // Each plan is checked as it arrives and dropped: the run keeps its invoices' owners only.
      const disjoint = createDisjointCheck();
      // Partitions the table has no head for: their loads need not read it again (we hold the lease).
      const neverLoaded = new Set<string>();
      await mapConcurrent(partitions.objects, PARTITIONS_IN_FLIGHT, async (object, index) => {
        const plan = await planPartition({ object, id: partitionId(object.key, partitions.prefix) }, options);
        if (plan.neverLoaded) neverLoaded.add(plan.id);
        disjoint.add(index, plan);
        progress.update(++planned);
      });
      progress.finish();
      try {
        disjoint.finish();
      } catch (error) {
        // The library names its own remedy; the pipeline's is a flag.
        if (error instanceof PartitionOverlapError) throw new Error(`${error.message} With the pipeline: rerun with --partition-by day (each invoice whole, one partition a day).`, { cause: error });
        throw error;
      }
      if (!settings.load) return { value: { listed, neverLoaded }, figures: { partitions: partitions.objects.length } };
      const reloaded = settings.reload ? await invalidatePartitionHeads(clients.dynamodb, settings.table, settings.reload === 'all' ? undefined : settings.reload) : [];
      if (settings.reload) env.log(`reload: ${reloaded.length} partitions will load again (--reload ${settings.reload === 'all' ? 'all' : settings.reload.join(',')})`);
      const tableRun = await beginTableRun(clients.dynamodb, settings.table, env.runId, { signal: env.signal });
      const { checked, invalidated } = tableRun;
      if (invalidated.length > 0) env.log(`ownership: ${invalidated.length} partitions lost lines to a run that did not finish and load again: ${invalidated.slice(0, 5).join(', ')}${invalidated.length > 5 ? ', …' : ''}`);
      return {
        value: { listed, neverLoaded, tableRun },
        figures: { partitions: partitions.objects.length, ownershipChecked: checked, invalidated: invalidated.length, reloaded: reloaded.length, ownershipCost: tableRun.cost },
      };
    },
  },
  {
    name: 'partitions',
    skip: ({ settings }) => (settings.analyticsOnly ? '--analytics-only' : undefined),
    async run(env, done) {
      const { settings } = env;
      const partitions = partitionsOf(done);
      const progress = env.progress('partitions', { total: partitions.objects.length, unit: 'objects' });
      const load = loadTarget(env, partitions, done.plan);
      const neverLoaded = done.plan?.neverLoaded ?? new Set<string>();
      const started = performance.now();
      let ran = 0;
      // Each partition is read, cleaned, written to the lake and loaded on its own: memory
      // holds the partitions in flight and the run's fold, never the whole input or its results.
      const fold = createRunFold();
      let loaded = 0;
      let written = 0;
      let lakeParts = 0;
      await mapConcurrent(partitions.objects, partitionShare(env, partitions.objects).partitionsInFlight, async (object, index) => {
        const id = partitionId(object.key, partitions.prefix);
        const result = await runPartition(
          { object, id, ...(neverLoaded.has(id) && { stored: {} }) },
          { ...unitOptions(env), lakeUri: settings.saveCleaned ? lakeUri(settings) : undefined, lakeFormat: settings.format, load },
        );
        if (result.load?.status === 'loaded') loaded += 1;
        written += result.load?.written ?? 0;
        lakeParts += result.lake.length;
        fold.add(index, result);
        progress.update(++ran);
      });
      progress.finish();
      const ms = performance.now() - started;
      const count = partitions.objects.length;
      return {
        value: { fold, ms },
        figures: {
          partitions: count,
          ...(settings.load && { loaded, skipped: count - loaded, written, itemsPerSecond: itemsPerSecond(written, ms) }),
          ...(settings.saveCleaned && { lakeParts }),
        },
      };
    },
  },
  {
    name: 'reduce',
    skip: ({ settings }) => (settings.analyticsOnly ? '--analytics-only' : undefined),
    async run(env, done, keep) {
      const { settings, clients } = env;
      // The books balance over the partitions' results, or the run fails naming what does not.
      const reduction = need(done.partitions, 'partitions').fold.finish();
      keep({ reduction });
      writeJsonAtomic(path.join(settings.out, OUT_NAMES.quality), { runId: env.runId, ...reduction.report });
      env.log(renderQualityTable(reduction.report));
      // The table and the lake follow exactly this run's input: what it no longer has goes.
      const lake = settings.saveCleaned ? { uri: lakeUri(settings), format: settings.format } : undefined;
      const finished = await finishRun(reduction, { s3: clients.s3, lakeUri: lake?.uri, load: loadTarget(env, partitionsOf(done), done.plan), signal: env.signal });
      const gone = finished.lakeObjectsRemoved;
      if (lake && gone.length > 0) env.log(`lake: ${gone.length} files removed from ${lake.uri} (their partitions or days are no longer in the input): ${gone.slice(0, 5).join(', ')}${gone.length > 5 ? ', …' : ''}`);
      const load = runLoadSummary(reduction, finished);
      if (load) {
        env.log(
          `load: ${load.partitionsLoaded} partitions loaded, ${load.partitionsSkipped} skipped (loaded before with the same object and settings), ` +
            `${load.partitionsRemoved} removed (no longer in the input), ${load.deleted} stale items deleted`,
        );
      }
      const r = reduction.report;
      return {
        value: { reduction, finished, ...(lake && { lake }) },
        figures: {
          rowsIn: r.rowsIn,
          clean: r.clean,
          excluded: r.excluded,
          quarantined: r.quarantined,
          items: r.items,
          revenue: r.cleanRevenue,
          ...(settings.saveCleaned && { lake: { ...reduction.lake, removed: gone.length, removedKeys: gone } }),
          ...(load && {
            partitionsLoaded: load.partitionsLoaded,
            partitionsSkipped: load.partitionsSkipped,
            partitionsRemoved: load.partitionsRemoved,
            deleted: load.deleted,
            consumedCapacity: load.consumedCapacity,
          }),
        },
      };
    },
  },
  {
    name: 'analytics',
    skip: ({ settings }) => (!settings.analytics ? '--no-analytics' : undefined),
    async run(env) {
      const analytics = await runAnalytics(env.clients, env.settings, env.log, env.dynamoDbLocal);
      return { value: analytics, figures: analytics.figures };
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
  // Every request in flight listens on the run's signal (partitions in flight, their reads, loads and retries): expected, not a leak.
  if (signal) setMaxListeners(256, signal);
  const run = startRun(settings);
  let clients: Clients | undefined;
  let runEnv: RunEnv | undefined;
  // What the stages have given so far: what a failure reports, and the lease the finally frees.
  let soFar: RunSoFar = NOTHING_YET;
  let records: StageRecord[] | undefined;
  try {
    clients = await openClients(settings, env, dataDir, { waitMs: settings.waitMs, log, lines: await expectedLines(settings), ...(signal && { signal }) });
    log(`ecomlake pipeline → ${clients.description} · run ${run.runId}`);
    runEnv = {
      ...run,
      settings,
      clients,
      dynamoDbLocal: chooseTarget(settings, env) === 'local' || isLoopback(settings.dynamoDbEndpoint),
      dataDir,
      wholeObjectBytes,
      signal,
      log,
      progress: progress ? createProgress : () => ({ update: () => undefined, finish: () => undefined }),
    };
    const ran = await runChain(STAGES, runEnv, {
      onStage: (r) => log(`✓ ${r.name.padEnd(13)} ${r.status === 'skipped' ? `skipped (${r.reason})` : `${r.seconds.toFixed(2)} s`}`),
      onValues: (values) => {
        soFar = values;
      },
      signal,
    });
    records = ran.records;
    await writeRunOutputs(runEnv, ran.done, records);
    return records;
  } catch (caught) {
    // Interrupted while opening the clients, the stack may fail first: the interruption is the news.
    // An embedded server that died is the news too, not the request that then met its dead endpoint.
    const died = signal?.aborted ? undefined : clients?.stackFailure();
    const cause: unknown = died && caught instanceof StageFailedError ? new StageFailedError(caught.stage, caught.records, died) : (died ?? caught);
    const error: unknown = signal?.aborted && !(caught instanceof StageFailedError) ? signal.reason : cause;
    try {
      writeFailed(settings, run, { error, env: runEnv, soFar, records });
    } catch (writeError) {
      // The run's own failure is what the caller must see; this one is only reported.
      log(`could not write ${path.join(settings.out, OUT_NAMES.summary)}: ${writeError instanceof Error ? writeError.message : String(writeError)}`);
    }
    throw error;
  } finally {
    await releaseLease(soFar.done.lease?.held, log, signal);
    await clients?.close();
  }
}

/** How long an interrupted run spends freeing its lease: Ctrl-C stops promptly, and the next run on this host takes a gone run's lease at once. */
const RELEASE_WHEN_INTERRUPTED_MS = 1000;

/** Frees the table's lease whatever happened; a lease that cannot be freed expires on its own. */
async function releaseLease(held: HeldLease | undefined, log: (line: string) => void, signal: AbortSignal | undefined): Promise<void> {
  if (!held) return;
  const { lease, unfence } = held;
  unfence();
  const released = lease.release().catch((error: unknown) => {
    log(`lease: could not free the lease on ${lease.table} (${error instanceof Error ? error.message : String(error)}); it expires on its own`);
  });
  if (!signal?.aborted) return released;
  // The embedded stack may be stopping on the same signal: do not hold the exit for it.
  await Promise.race([released, new Promise((resolve) => setTimeout(resolve, RELEASE_WHEN_INTERRUPTED_MS).unref())]);
}

function isLoopback(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}

/** The objects the partitions are, and the prefix their ids are relative to. */
interface Partitions {
  readonly prefix: string;
  readonly objects: readonly ObjectInfo[];
}

/** The partitions: the regrouped days with --partition-by day, otherwise the manifest's objects. */
function partitionsOf(done: CompletedStages): Partitions {
  const { prefix, objects } = done.regroup ? { prefix: done.regroup.uri, objects: done.regroup.objects } : need(done.extract, 'extract');
  return { prefix: prefix ? parseS3Uri(prefix).key : '', objects };
}

/** `regrouped/<input>/`: the input's own prefix for its day objects (a local input's name and id; an s3:// input's hash). */
function regroupedKey(input: RawInput, rawUri: string): string {
  if (input.kind === 'local') return input.rawKey.replace(/^raw\//, 'regrouped/');
  return `regrouped/s3-${createHash('sha256').update(rawUri).digest('hex').slice(0, 8)}/`;
}

/** The table's own lake prefix: a run prunes only what its table's input no longer has. */
function lakeUri(settings: Settings): string {
  return formatS3Uri({ bucket: settings.bucket, key: lakePrefix(settings.table) });
}

/** How every partition of the run is read and cleaned (both passes). */
function unitOptions(env: RunEnv): PartitionUnitOptions {
  const { settings } = env;
  return {
    s3: env.clients.s3,
    clean: { encoding: settings.encoding, dateFormat: settings.dateFormat },
    read: { cacheDir: settings.useCache ? path.join(env.dataDir, 'cache') : undefined, forceDownload: settings.forceDownload, wholeBytes: env.wholeObjectBytes },
    ...(env.signal && { signal: env.signal }),
  };
}

function loadOptions(env: RunEnv): typeof DYNAMODB_LOCAL_LOAD {
  return { ...(env.dynamoDbLocal ? DYNAMODB_LOCAL_LOAD : {}), ...(env.settings.concurrency && { concurrency: env.settings.concurrency }) };
}

/**
 * How many partitions load at once and each one's request concurrency: more of them when they
 * are small, since a small partition spends most of its time waiting on its bookkeeping chain
 * (the default run's ~160-item days), the same 4 when they are the real dataset's ~1,700.
 */
function partitionShare(env: RunEnv, objects: readonly ObjectInfo[]): LoadShare {
  const bytes = objects.reduce((sum, object) => sum + object.size, 0);
  const itemsPerPartition = bytes / Math.max(1, objects.length) / BYTES_PER_LINE;
  return loadShare({ concurrency: loadOptions(env).concurrency ?? 16, itemsPerPartition, minPartitions: PARTITIONS_IN_FLIGHT });
}

/** Where and how partitions load: the table, with the DynamoDB Local preset on it, split among the partitions in flight (none without --load). */
function loadTarget(env: RunEnv, partitions: Partitions, plan: Pick<StageValues['plan'], 'listed' | 'tableRun'> | undefined): PartitionLoadTarget | undefined {
  if (!env.settings.load) return undefined;
  const { listed, tableRun } = need(plan, 'plan');
  const options = loadOptions(env);
  const { concurrency } = partitionShare(env, partitions.objects);
  return { client: env.clients.dynamodb, table: env.settings.table, options: { ...options, concurrency, listed }, ...(tableRun && { run: tableRun }) };
}
