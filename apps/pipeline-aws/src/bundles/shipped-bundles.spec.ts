// What Lambda runs is the synthesized assets, not the TypeScript sources the handler tests
// import. This synthesizes the stack in-process (real bundling), copies each asset out and
// invokes it in a Lambda-like sandbox (code read-only at /var/task, a fresh /tmp, no system
// fonts, only the template's environment) on the events the state machine's definition
// builds, against the embedded stack, with real days, and compares with the local app's path.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { uniqueName } from '@ecomlake/local-stack';
import { reducePartitions } from '@ecomlake/partition-unit';
import { Template } from 'aws-cdk-lib/assertions';
import sharp from 'sharp';
import type { ReduceOutput } from '../handlers/reduce';
import type { AnalyticsOutput } from '../handlers/analytics';
import type { ListedObjectItem } from '../handlers/events';
import type { PlanOutput, WorkerOutput } from '../handlers/worker-output';
import { CHART_BUNDLE_DIR, FONTS_DIR, LAMBDA_RUNTIME, REPO_ROOT, runtimeNodeMajor } from '../stack/functions';
import { handlerWorld, loadLocally, tableRecords, uploadDays, type HandlerWorld } from '../test-fixtures/handler-env';
import { copyCode, invokeShipped, listFiles, synthesize, templateEnvironment, type FunctionName, type Invocation, type Synthesized } from '../test-fixtures/lambda-sandbox';
import { runExecution, type ExecutionOutcome, type Invoke } from '../test-fixtures/execution';
import { listedItems } from '../test-fixtures/step-functions';
import { stateMachineDefinition } from '../test-fixtures/template';

// The largest day of the dataset (5,331 lines), the first, a Sunday and an ordinary weekday.
const DAYS = ['2010-12-01.csv', '2011-03-06.csv', '2011-04-07.csv', '2011-12-05.csv'];
// What people leave under raw/: a Spark job's marker, a note, a console folder, a Hadoop folder marker.
const STRAYS = [
  { key: 'raw/_SUCCESS', body: '' },
  { key: 'raw/README.txt', body: 'Daily exports from the shop.\n' },
  { key: 'raw/archive/', body: '' },
  { key: 'raw/archive_$folder$', body: '' },
];

describe('the shipped bundles, run as Lambda runs them', () => {
  let synth: Synthesized;
  let world: HandlerWorld;
  let work: string;
  const code: Partial<Record<FunctionName, string>> = {};
  let env: (name: FunctionName) => Record<string, string>;
  let items: ListedObjectItem[];
  let execution: string;
  let run: ExecutionOutcome;
  const workers: { input: unknown; invocation: Invocation<WorkerOutput | PlanOutput> }[] = [];
  const steps: { input: unknown; invocation: Invocation<unknown> }[] = [];
  const analyticsRuns: { input: unknown; invocation: Invocation<AnalyticsOutput> }[] = [];
  /** The load Map's children (the plan Map's are the others). */
  const loads = (): { input: unknown; invocation: Invocation<WorkerOutput> }[] =>
    workers.filter((w) => (w.input as { mode: string }).mode === 'load') as { input: unknown; invocation: Invocation<WorkerOutput> }[];

  beforeAll(async () => {
    synth = synthesize();
    work = mkdtempSync(path.join(tmpdir(), 'shipped-bundles-'));
    for (const name of ['Worker', 'Reduce', 'Analytics'] as const) code[name] = copyCode(synth.functions[name], work);
    world = await handlerWorld();
    const endpoints = Object.fromEntries(['AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL_DYNAMODB', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'].map((k) => [k, String(process.env[k])]));
    env = (name) => ({ ...endpoints, ...templateEnvironment(synth.functions[name], { Lake: world.bucket, Orders: world.table }) });
    await uploadDays(world.s3, world.bucket, DAYS);
    for (const stray of STRAYS) await world.s3.send(new PutObjectCommand({ Bucket: world.bucket, Key: stray.key, Body: Buffer.from(stray.body), ContentLength: Buffer.byteLength(stray.body) }));

    // One execution as the definition orders it (begin, plan, check, load, reduce, analytics,
    // release), every task run by its shipped bundle; the Maps' children two at a time (2 cores).
    const definition = stateMachineDefinition(Template.fromJSON(synth.template));
    const shipped =
      <T>(name: FunctionName, record: { input: unknown; invocation: Invocation<T> }[]): Invoke =>
      async (event) => {
        const invocation = await invokeShipped<T>(synth.functions[name], event, { code: String(code[name]), env: env(name), scratch: work });
        record.push({ input: event, invocation });
        if (invocation.error) throw Object.assign(new Error(invocation.error.message), { name: invocation.error.name });
        return invocation.output;
      };
    execution = uniqueName('exec');
    run = await runExecution({
      definition,
      s3: world.s3,
      bucket: world.bucket,
      name: execution,
      worker: shipped('Worker', workers),
      reduce: shipped('Reduce', steps),
      analytics: shipped('Analytics', analyticsRuns),
    });
    items = await listedItems(world.s3, world.bucket, 'raw/');
  }, 300_000);
  afterAll(() => {
    world?.restore();
    if (work) spawnSync('chmod', ['-R', 'u+w', work]);
    if (work) rmSync(work, { recursive: true, force: true });
    if (synth) rmSync(synth.outdir, { recursive: true, force: true });
  });

  it('runs on the runtime the template names, its code folder read-only, with no font of the host', () => {
    expect(Object.values(synth.functions).map((f) => f.runtime)).toEqual(Array(3).fill(LAMBDA_RUNTIME.name));
    const probe = workers[0].invocation.probe;
    expect(probe?.codeFolderWrite).toBe('EROFS');
    expect(probe?.systemFontEntries).toBe(0);
    if (Number(String(probe?.node).slice(1).split('.')[0]) !== runtimeNodeMajor()) {
      // Not the runtime's line (esbuild's --target still is): ECOMLAKE_LAMBDA_NODE names a Node of that line.
      console.warn(`the bundles ran on Node ${probe?.node}; Lambda runs ${LAMBDA_RUNTIME.name}: set ECOMLAKE_LAMBDA_NODE to a Node ${runtimeNodeMajor()} binary to run them on it`);
    }
  });

  it('runs the execution through: lease, first pass, check, load, reduce, report, release', () => {
    expect(run.error).toBeUndefined();
    expect(run.states).toEqual(['Begin run', 'Plan', 'Check partitions', 'Partitions', 'Reduce', 'Analytics', 'Release lease']);
    expect(steps.map((s) => [(s.input as { step: string }).step, s.invocation.error])).toEqual([['begin', undefined], ['check', undefined], ['reduce', undefined], ['release', undefined]]);
  });

  it('worker: every day is a partition in both Maps; stray objects come back as skipped, never as a failed child', () => {
    for (const w of workers) expect(w.invocation.error).toBeUndefined();
    const strays = [
      ['raw/README.txt', 'not-csv'],
      ['raw/_SUCCESS', 'folder-marker'],
      ['raw/archive/', 'folder-marker'],
      ['raw/archive_$folder$', 'folder-marker'],
    ];
    for (const mode of ['plan', 'load']) {
      const outputs = workers.filter((w) => (w.input as { mode: string }).mode === mode).map((w) => w.invocation.output as { results?: { id: string }[]; plans?: { id: string }[]; skipped?: { key: string; reason: string }[] });
      expect(outputs.flatMap((o) => o.results ?? o.plans ?? []).map((r) => r.id).sort()).toEqual(DAYS);
      expect(outputs.flatMap((o) => o.skipped ?? []).map((s) => [s.key, s.reason]).sort()).toEqual(strays);
    }
  });

  it('worker: logs as JSON and writes the items it loaded as an EMF metric', () => {
    const single = loads().find((w) => (w.input as { object: ListedObjectItem }).object.Key === 'raw/2010-12-01.csv');
    const lines = String(single?.invocation.stdout).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const emf = lines.find((l) => l._aws !== undefined);
    const output = single?.invocation.output as unknown as { results: { load: { written: number }; report: { quarantined: number } }[] };
    expect(emf?.ItemsWritten).toBe(output.results[0].load.written);
    expect(emf?.LinesQuarantined).toBe(output.results[0].report.quarantined);
    expect(emf?.service).toBe('ecomlake-worker');
    const done = lines.find((l) => l.message === 'partition done');
    expect(done).toMatchObject({ level: 'INFO', partition: '2010-12-01.csv', service: 'ecomlake-worker' });
    // Nothing secret in the logs.
    expect(String(single?.invocation.stdout)).not.toContain(String(process.env.AWS_SECRET_ACCESS_KEY));
  });

  it('reduce: the quality report and the table equal the local app\'s on the same days; the strays are listed, not failed', async () => {
    const reduceOut = steps.find((s) => (s.input as { step: string }).step === 'reduce')?.invocation as Invocation<ReduceOutput>;
    expect(reduceOut.error).toBeUndefined();
    expect(reduceOut.output).toMatchObject({ execution, partitions: DAYS.length, skippedObjects: STRAYS.length });

    const quality = await readJson(world, `runs/${execution}/quality-report.json`);
    const localTable = uniqueName('orders-local');
    const local = await loadLocally(world.s3, world.dynamodb, world.bucket, localTable, items.filter((i) => DAYS.some((d) => i.Key === `raw/${d}`)));
    expect(quality).toEqual({ runId: execution, ...JSON.parse(JSON.stringify(reducePartitions(local).report)) });
    const [aws, mine] = await Promise.all([tableRecords(world.dynamodb, world.table), tableRecords(world.dynamodb, localTable)]);
    expect(aws).toEqual(mine);
    expect(aws.length).toBeGreaterThan(0);

    const summary = (await readJson(world, `runs/${execution}/run-summary.json`)) as { skippedObjects: { key: string; reason: string }[] };
    expect(summary.skippedObjects.map((s) => s.key)).toEqual(['raw/README.txt', 'raw/_SUCCESS', 'raw/archive/', 'raw/archive_$folder$']);
  });

  it('analytics: loads (jsdom\'s files and the atlas are in the asset) and writes the report', () => {
    const analyticsOut = analyticsRuns[0].invocation;
    expect(analyticsOut.error).toBeUndefined();
    expect(analyticsOut.output?.files).toEqual(expect.arrayContaining(['report.html', 'sales-trend.svg', 'sales-trend.png', 'bubble-map.gif', 'figures.json']));
  });

  it('analytics: chart labels are drawn with the shipped font, exactly as on a machine with DejaVu Sans', async () => {
    const base = `runs/${execution}/report/`;
    const [png, svg] = await Promise.all([readBytes(world, `${base}sales-trend.png`), readBytes(world, `${base}sales-trend.svg`)]);
    const shipped = await sharp(png).raw().toBuffer();
    // The same SVG rasterized by this process with the host's fonts, and with none (every glyph a box).
    const withFonts = await sharp(await sharp(svg).png().toBuffer()).raw().toBuffer();
    const withoutFonts = await renderWithoutFonts(svg, work);
    expect(differingPixels(withoutFonts, withFonts)).toBeGreaterThan(0);
    expect(differingPixels(shipped, withFonts)).toBe(0);
  });

  it('ships what the functions need: sharp\'s linux-x64 binary, the fonts with their license and fonts.conf, jsdom\'s files', () => {
    const analytics = synth.functions.Analytics;
    expect(analytics.architectures).toEqual(['x86_64']);
    expect(analytics.environment.FONTCONFIG_PATH).toBe(`/var/task/${FONTS_DIR}`);
    const files = listFiles(analytics.assetDir);
    expect(files).toEqual(
      expect.arrayContaining([
        `${CHART_BUNDLE_DIR}/index.js`,
        `${CHART_BUNDLE_DIR}/xhr-sync-worker.js`,
        `${FONTS_DIR}/DejaVuSans.ttf`,
        `${FONTS_DIR}/DejaVuSans-Bold.ttf`,
        `${FONTS_DIR}/LICENSE-DejaVu.txt`,
        `${FONTS_DIR}/fonts.conf`,
      ]),
    );
    const binary = files.find((f) => /^node_modules\/@img\/sharp-linux-x64\/lib\/sharp-linux-x64[-.\d]*\.node$/.test(f));
    expect(binary).toBeDefined();
    // ELF, 64-bit, e_machine 0x3e (x86-64): loadable on Lambda's x86_64, whatever host synthesized it.
    const header = readFileSync(path.join(analytics.assetDir, String(binary))).subarray(0, 20);
    expect([header.subarray(0, 4).toString('latin1'), header[4], header.readUInt16LE(18)]).toEqual(['\x7fELF', 2, 0x3e]);
    expect(files.some((f) => f.startsWith('node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp'))).toBe(true);
    // No source maps on the run path, and none loaded.
    for (const fn of Object.values(synth.functions)) {
      expect(listFiles(fn.assetDir).filter((f) => f.endsWith('.map'))).toEqual([]);
      expect(fn.environment.NODE_OPTIONS).toBeUndefined();
    }
  });
});

async function readBytes(world: HandlerWorld, key: string): Promise<Buffer> {
  const response = await world.s3.send(new GetObjectCommand({ Bucket: world.bucket, Key: key }));
  return Buffer.from(await (response.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
}

async function readJson(world: HandlerWorld, key: string): Promise<unknown> {
  return JSON.parse((await readBytes(world, key)).toString('utf8'));
}

/** Rasterizes in a child whose fontconfig knows no font: what Lambda drew before fonts were shipped. */
async function renderWithoutFonts(svg: Buffer, work: string): Promise<Buffer> {
  const dir = mkdtempSync(path.join(work, 'no-fonts-'));
  writeFileSync(path.join(dir, 'fonts.conf'), '<?xml version="1.0"?><fontconfig><cachedir>' + dir + '/cache</cachedir></fontconfig>\n');
  writeFileSync(path.join(dir, 'chart.svg'), svg);
  const script =
    "require('sharp')(process.argv[1]).raw().toBuffer().then((b) => require('node:fs').writeFileSync(process.argv[2], b), (e) => { console.error(e); process.exit(1); })";
  const run = spawnSync(process.execPath, ['-e', script, path.join(dir, 'chart.svg'), path.join(dir, 'chart.raw')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, FONTCONFIG_FILE: path.join(dir, 'fonts.conf'), HOME: dir },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`render without fonts failed: ${run.stderr}`);
  return readFileSync(path.join(dir, 'chart.raw'));
}

function differingPixels(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}
