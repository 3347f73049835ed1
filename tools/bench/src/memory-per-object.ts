/**
 * Benchmark: memory of one large raw object through the partition unit. A `.csv.gz` made of
 * the real days, each day's rows repeated with new invoice numbers (`repeatDays`), expands to
 * about `--expanded-mib`; it is put in the embedded S3 and one partition runs on it (read,
 * clean, lake parts; no load), in a process of its own, whose peak RSS is the figure.
 *
 * Peer, in the same run and on the same object: the unit as it was before windows (the
 * object's rows streamed into `cleanRows`, one partition in memory; its lake parts only with
 * `--before-lake`: they take more than 30 minutes on the 660 MB object, so its peak RSS is a
 * lower bound without them).
 * Goal: peak RSS bounded by the window, not by the object (660 MB expanded within ~1 GiB).
 *
 * With `--heap-mib N` both run with `--max-old-space-size=N`: the peer then fails where ours fits.
 *
 *   npx nx run bench:memory-per-object [-- --expanded-mib 660] [--input <dir>] [--window-rows 100000] [--heap-mib 256] [--no-peer | --only before] [--before-lake]
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { cleanRows, type CleanPartition } from '@ecomlake/cleaning';
import { repeatDays, type RepeatedDays } from '@ecomlake/cleaning/testing';
import { startLocalStack } from '@ecomlake/local-stack';
import { ORDER_COLUMN_TYPES, ordersByDay, partitionId, partName, runPartition } from '@ecomlake/partition-unit';
import { ensureBucket, listObjects, readObjectContent, uploadFiles, writeDatasetPart, type ObjectInfo } from '@ecomlake/s3-extract';
import { peakRssMiB, printJsonResult, printTable } from './report';

const WORKSPACE = path.resolve(__dirname, '../../..');
const DATA = path.resolve(WORKSPACE, '../shared/data/online-retail/by-day');
const MiB = 1024 * 1024;

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** What one child measured. */
interface Measured {
  mode: 'windows' | 'before';
  seconds: number;
  peakRssMiB: number;
  /** Largest V8 heap and ArrayBuffer memory seen, sampled every 100 ms. */
  peakHeapMiB: number;
  peakArrayBuffersMiB: number;
  rows: number;
  items: number;
  lakeParts: number;
  /** Seconds by step, as the unit reports them (windows only). */
  steps?: Record<string, number>;
}

interface ChildTask {
  s3: S3ClientConfig;
  object: ObjectInfo;
  lakeUri: string;
  windowRows?: number;
  /** Let the peer write its lake parts too. */
  beforeLake?: boolean;
}

/** One mode, in this process (started by the parent with `--child`). */
async function child(mode: Measured['mode'], task: ChildTask): Promise<Measured> {
  const s3 = new S3Client(task.s3);
  let peakHeap = 0;
  let peakBuffers = 0;
  const sample = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
  }, 100);
  const started = performance.now();
  const id = partitionId(task.object.key, 'raw/');
  let rows: number;
  let items: number;
  let lakeParts: number;
  let steps: Record<string, number> | undefined;
  if (mode === 'windows') {
    const result = await runPartition({ object: task.object, id }, { s3, lakeUri: task.lakeUri, read: { windowRows: task.windowRows } });
    [rows, items, lakeParts, steps] = [result.report.rowsIn, result.report.items, result.lake.length, result.seconds];
  } else {
    // The unit before windows: rows streamed into one in-memory partition, then its parts.
    const content = await readObjectContent(s3, task.object.uri, { etag: task.object.etag, size: task.object.size });
    if (content.kind !== 'rows') throw new Error('the object is small enough to be read whole: raise --expanded-mib');
    const partition = await cleanRows(content.rows, { partition: task.object.uri });
    // Its lake step split the items by day with a copy of every column per day (O(days × rows)):
    // on a large object of many days it ran for more than 30 minutes, so it is left out unless asked for.
    lakeParts = task.beforeLake ? await writeLakeBefore(s3, task.lakeUri, partName('before'), partition) : 0;
    [rows, items] = [partition.report.rowsIn, partition.report.items];
  }
  clearInterval(sample);
  s3.destroy();
  return {
    mode,
    seconds: round((performance.now() - started) / 1000),
    peakRssMiB: peakRssMiB(),
    peakHeapMiB: Math.round(peakHeap / MiB),
    peakArrayBuffersMiB: Math.round(peakBuffers / MiB),
    rows,
    items,
    lakeParts,
    ...(steps && { steps }),
  };
}

async function writeLakeBefore(s3: S3Client, lakeUri: string, part: string, partition: CleanPartition): Promise<number> {
  let parts = 0;
  for (const [day, table] of ordersByDay(partition.items)) {
    await writeDatasetPart(s3, table, `${lakeUri}before/orders/`, { partition: { day }, part, format: 'parquet', columnTypes: ORDER_COLUMN_TYPES });
    parts++;
  }
  for (const [dataset, table] of [['excluded', partition.excluded], ['quarantine', partition.quarantine]] as const) {
    if (table.numRows() === 0) continue;
    await writeDatasetPart(s3, table, `${lakeUri}before/${dataset}/`, { partition: {}, part, format: 'csv' });
    parts++;
  }
  return parts;
}

/** The file `meta` says was made, or a new one (the marker is written last: a killed run makes it again). */
async function cached(meta: string, make: () => Promise<RepeatedDays>): Promise<RepeatedDays> {
  const found = await fs.readFile(meta, 'utf8').catch(() => undefined);
  if (found !== undefined) return JSON.parse(found) as RepeatedDays;
  const made = await make();
  await fs.writeFile(meta, JSON.stringify(made));
  return made;
}

function runChild(mode: Measured['mode'], task: ChildTask, heapMiB: number | undefined): Measured | { mode: Measured['mode']; failed: string } {
  const heap = heapMiB === undefined ? [] : [`--max-old-space-size=${heapMiB}`];
  const run = spawnSync(process.execPath, [...heap, '--import', 'tsx', __filename, '--child', mode], {
    cwd: WORKSPACE,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(WORKSPACE, 'tsconfig.base.json'), BENCH_TASK: JSON.stringify(task) },
    encoding: 'utf8',
    maxBuffer: 64 * MiB,
  });
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.status !== 0 || !last.startsWith('{')) return { mode, failed: `exit ${run.status ?? run.signal}: ${run.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  return JSON.parse(last) as Measured;
}

async function main(): Promise<void> {
  if (process.argv.includes('--child')) {
    const mode = flag('child') as Measured['mode'];
    console.log(JSON.stringify(await child(mode, JSON.parse(process.env.BENCH_TASK ?? '{}') as ChildTask)));
    return;
  }
  const input = path.resolve(process.cwd(), flag('input') ?? DATA);
  const expandedMiB = Number(flag('expanded-mib') ?? 660);
  const windowRows = flag('window-rows') === undefined ? undefined : Number(flag('window-rows'));
  // A cap on V8's heap for both runs: what fits in it, and what does not.
  const heapMiB = flag('heap-mib') === undefined ? undefined : Number(flag('heap-mib'));
  const files = (await fs.readdir(input)).filter((f) => f.endsWith('.csv')).sort();
  let datasetBytes = 0;
  for (const f of files) datasetBytes += (await fs.stat(path.join(input, f))).size;
  const times = Math.max(1, Math.round((expandedMiB * MiB) / datasetBytes));
  // Made once per size and kept: generating 660 MB takes longer than cleaning it.
  const cache = path.join(tmpdir(), 'ecomlake-bench-memory', `times-${times}`);
  const dir = path.join(cache, 'object');
  const made = await cached(path.join(cache, 'made.json'), () => repeatDays(input, path.join(dir, 'orders.csv.gz'), { times, files }));
  console.log(`object: ${files.length} real days x ${times} = ${made.rows.toLocaleString('en-GB')} rows, ${round(made.expandedBytes / MiB)} MiB of CSV, ${round(made.storedBytes / MiB)} MiB gzipped`);

  const stack = await startLocalStack({ inMemory: true, javaHeapMiB: 256 });
  try {
    const s3 = new S3Client(stack.s3);
    const bucket = `memory-${Date.now().toString(36)}`;
    await ensureBucket(s3, bucket);
    await uploadFiles(s3, dir, `s3://${bucket}/raw/`);
    const objects: ObjectInfo[] = [];
    for await (const o of listObjects(s3, `s3://${bucket}/raw/`)) objects.push(o);
    s3.destroy();
    const task: ChildTask = {
      s3: stack.s3 as S3ClientConfig,
      object: objects[0],
      lakeUri: `s3://${bucket}/clean/`,
      ...(windowRows !== undefined && { windowRows }),
      beforeLake: process.argv.includes('--before-lake'),
    };
    const only = flag('only');
    const modes: Measured['mode'][] = only === 'before' ? ['before'] : process.argv.includes('--no-peer') ? ['windows'] : ['windows', 'before'];
    const runs = modes.map((mode) => runChild(mode, task, heapMiB));
    const expanded = made.expandedBytes / MiB;
    printTable(`one object, ${round(expanded)} MiB expanded (${made.rows.toLocaleString('en-GB')} rows): read, clean, lake parts`, runs.map((r) =>
      'failed' in r
        ? { run: r.mode, seconds: '-', rowsPerSecond: '-', peakRssMiB: r.failed.slice(0, 80), rssPerExpanded: '-', peakHeapMiB: '-', lakeParts: '-' }
        : { run: r.mode, seconds: r.seconds, rowsPerSecond: Math.round(r.rows / r.seconds), peakRssMiB: r.peakRssMiB, rssPerExpanded: round(r.peakRssMiB / expanded), peakHeapMiB: r.peakHeapMiB, lakeParts: r.lakeParts },
    ));
    const ours = runs.find((r) => r.mode === 'windows');
    const peer = runs.find((r) => r.mode === 'before');
    printJsonResult({
      rows: made.rows,
      heapMiB: heapMiB ?? null,
      expandedMiB: round(expanded),
      storedMiB: round(made.storedBytes / MiB),
      windows: ours ?? null,
      before: peer ?? null,
      rssRatioVsBefore: peer && ours && !('failed' in peer) && !('failed' in ours) ? round(ours.peakRssMiB / peer.peakRssMiB) : null,
    });
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
