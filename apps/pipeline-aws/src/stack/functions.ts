import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, aws_lambda as lambda, aws_lambda_nodejs as nodejs, aws_logs as logs, RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** The repository root: esbuild resolves `@ecomlake/*` through its tsconfig.base.json paths. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const HANDLERS = path.resolve(__dirname, '../handlers');
/** What the repo ships beside the analytics bundle (fonts.conf). */
export const ASSETS_DIR = path.resolve(__dirname, '../../assets');

/**
 * The Node.js line every function runs on. One constant: esbuild's target and the bundle test's
 * check of the Node running the bundles follow it. (Moving to nodejs24.x is this one line.)
 */
export const LAMBDA_RUNTIME: lambda.Runtime = lambda.Runtime.NODEJS_24_X;

/** The runtime's Node major version: `nodejs24.x` → 24. */
export function runtimeNodeMajor(runtime: lambda.Runtime = LAMBDA_RUNTIME): number {
  const match = /^nodejs(\d+)\.x$/.exec(runtime.name);
  if (!match) throw new Error(`${runtime.name} is not a Node.js runtime of the form nodejs<major>.x`);
  return Number(match[1]);
}

/** Where Lambda unpacks a function's code (read-only there; only /tmp is writable). */
export const LAMBDA_TASK_ROOT = '/var/task';

/**
 * The analytics bundle's folder in its asset, with the one file jsdom opens by path beside it
 * (`xhr-sync-worker.js`: esbuild keeps `require.resolve`, relative to the bundle's folder).
 */
export const CHART_BUNDLE_DIR = 'bundle/analytics';
/** The fonts and fonts.conf in a chart-rendering asset; FONTCONFIG_PATH points here. */
export const FONTS_DIR = 'fonts';
/**
 * DejaVu Sans (the charts' theme font) from Debian's `fonts-dejavu-core`, copied at synth, with
 * its license: Lambda's runtime has no fonts, and librsvg (through sharp) draws text through
 * fontconfig, so without these every label is an empty box.
 */
export const FONT_SOURCE = {
  dir: '/usr/share/fonts/truetype/dejavu',
  files: ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'],
  license: '/usr/share/doc/fonts-dejavu-core/copyright',
  install: 'apt-get install fonts-dejavu-core (Debian/Ubuntu)',
} as const;

export interface PipelineFunctionProps {
  /** The handler file under src/handlers, e.g. `worker.ts`. */
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  /** Default arm64 (pure JavaScript; ~20% cheaper per GB-s than x86_64). */
  readonly architecture?: lambda.Architecture;
  /** Node.js runtime. Default `LAMBDA_RUNTIME`. */
  readonly runtime?: lambda.Runtime;
  /**
   * The function renders charts: sharp and its linux-x64 binaries are copied into the asset
   * (so it runs on x86_64), with jsdom's resource files and the fonts, and FONTCONFIG_PATH is
   * set. Default false.
   */
  readonly withSharp?: boolean;
  /**
   * Source maps for stack traces: `--enable-source-maps` with maps without sources. Off by
   * default: parsing a map at load costs cold-start time (~300 ms for the analytics bundle with
   * its sources), and the minified names plus our error messages locate a failure.
   */
  readonly sourceMaps?: boolean;
}

/**
 * A handler bundled by the local esbuild (never Docker, never a download at synth), with the
 * AWS SDK bundled too (the versions the repo tests, not the runtime's), and its own log group.
 */
export function pipelineFunction(scope: Construct, id: string, props: PipelineFunctionProps): nodejs.NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  const runtime = props.runtime ?? LAMBDA_RUNTIME;
  const charts = props.withSharp === true;
  return new nodejs.NodejsFunction(scope, id, {
    entry: path.join(HANDLERS, props.entry),
    handler: charts ? `${CHART_BUNDLE_DIR}/index.handler` : 'handler',
    runtime,
    architecture: charts ? lambda.Architecture.X86_64 : (props.architecture ?? lambda.Architecture.ARM_64),
    memorySize: props.memorySize,
    timeout: props.timeout,
    environment: {
      // Powertools: the service each log line and metric names, and the metrics' namespace.
      POWERTOOLS_SERVICE_NAME: `ecomlake-${id.toLowerCase()}`,
      POWERTOOLS_METRICS_NAMESPACE: 'Ecomlake',
      ...(props.sourceMaps && { NODE_OPTIONS: '--enable-source-maps' }),
      ...(charts && { FONTCONFIG_PATH: `${LAMBDA_TASK_ROOT}/${FONTS_DIR}` }),
      ...props.environment,
    },
    logGroup,
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    bundling: {
      forceDockerBundling: false,
      tsconfig: path.join(REPO_ROOT, 'tsconfig.base.json'),
      target: `node${runtimeNodeMajor(runtime)}`,
      format: nodejs.OutputFormat.CJS,
      minify: true,
      sourceMap: props.sourceMaps === true,
      ...(props.sourceMaps && { sourcesContent: false }),
      bundleAwsSDK: true,
      // jsdom loads `canvas` only if installed (the charts never draw on a canvas), and resolves its
      // sync-XHR worker file by path (shipped beside the bundle, see chartHooks).
      externalModules: ['canvas', ...(charts ? ['sharp', `./${JSDOM_FILES.worker.name}`] : [])],
      ...(charts && { commandHooks: chartHooks() }),
    },
  });
}

/**
 * The jsdom file it opens by path at load, and where it looks relative to the bundle. (Its
 * default stylesheet is a generated module since jsdom 31: esbuild bundles it like any code.)
 */
const JSDOM_FILES = {
  worker: { name: 'xhr-sync-worker.js', inPackage: 'lib/jsdom/living/xhr/xhr-sync-worker.js', reader: 'lib/jsdom/living/xhr/XMLHttpRequest-impl.js' },
} as const;

/** Packages copied for sharp: the JS package, its JS dependencies and the linux-x64 glibc binaries. */
const SHARP_PACKAGES = ['sharp', '@img/colour', 'detect-libc', 'semver', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'] as const;

/**
 * After esbuild: move the bundle down to CHART_BUNDLE_DIR, ship jsdom's files where it looks for
 * them, copy sharp with its linux-x64 binaries (installed on purpose: esbuild cannot bundle native
 * code, and `nodeModules` would run npm install at synth) and the fonts with fonts.conf. Anything
 * missing fails the synth with one message naming the command that installs it.
 */
function chartHooks(): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_input: string, output: string) => [
      ...jsdomCommands(output),
      ...SHARP_PACKAGES.map((name) => copyCommand(resolvePackage(name), path.join(output, 'node_modules', name))),
      ...fontCommands(path.join(output, FONTS_DIR)),
    ],
  };
}

function jsdomCommands(output: string): string[] {
  const bundleDir = path.join(output, CHART_BUNDLE_DIR);
  const jsdom = resolvePackage('jsdom');
  if ('error' in jsdom) return [failCommand(jsdom.error)];
  const { worker } = JSDOM_FILES;
  // jsdom's own source is the contract: if a release moves the file, say so instead of shipping a bundle that cannot load.
  const reader = readFileSync(path.join(jsdom.dir, worker.reader), 'utf8');
  if (!reader.includes(`"./${worker.name}"`)) return [failCommand(`jsdom ${jsdom.dir}: ${worker.reader} no longer opens "./${worker.name}"; update JSDOM_FILES in apps/pipeline-aws/src/stack/functions.ts`)];
  return [
    `mkdir -p ${sh(bundleDir)}`,
    `mv ${sh(path.join(output, 'index.js'))} ${sh(path.join(bundleDir, 'index.js'))}`,
    `if [ -f ${sh(path.join(output, 'index.js.map'))} ]; then mv ${sh(path.join(output, 'index.js.map'))} ${sh(bundleDir)}/; fi`,
    `cp ${sh(path.join(jsdom.dir, worker.inPackage))} ${sh(path.join(bundleDir, worker.name))}`,
  ];
}

function fontCommands(fontsDir: string): string[] {
  const missing = [...FONT_SOURCE.files.map((f) => path.join(FONT_SOURCE.dir, f)), FONT_SOURCE.license].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    return [failCommand(`the analytics Lambda ships DejaVu Sans, and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: ${FONT_SOURCE.install}, then synth again`)];
  }
  return [
    `mkdir -p ${sh(fontsDir)}`,
    ...FONT_SOURCE.files.map((f) => `cp ${sh(path.join(FONT_SOURCE.dir, f))} ${sh(path.join(fontsDir, f))}`),
    `cp ${sh(FONT_SOURCE.license)} ${sh(path.join(fontsDir, 'LICENSE-DejaVu.txt'))}`,
    `cp ${sh(path.join(ASSETS_DIR, 'fonts.conf'))} ${sh(path.join(fontsDir, 'fonts.conf'))}`,
  ];
}

/** A package folder, or why it cannot be had (with the command that installs it). */
export function resolvePackage(name: string, root: string = REPO_ROOT): { dir: string } | { error: string } {
  const sharp = name === 'sharp' ? undefined : packageDir('sharp', root);
  // sharp's dependencies may sit in its own node_modules; look from there first.
  const dir = packageDir(name, sharp ?? root);
  if (dir) return { dir };
  if (name.startsWith('@img/sharp-') && sharp) {
    // The exact versions this sharp wants (its optionalDependencies), so the command installs the pair it loads.
    const wanted = (JSON.parse(readFileSync(path.join(sharp, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> }).optionalDependencies ?? {};
    const pair = ['@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'].map((p) => `${p}@${wanted[p] ?? 'latest'}`).join(' ');
    return {
      error:
        `${name} is not installed (looked upwards from ${sharp}): the analytics Lambda runs sharp on linux-x64 (glibc), and this host installed another platform's binaries. ` +
        `Add Lambda's beside them (--force: they are not for this host; --no-save: package.json and the lock stay as they are): npm install --no-save --force ${pair}, then synth again`,
    };
  }
  return { error: `${name} is not installed (looked upwards from ${root}): run npm ci; the analytics Lambda needs it` };
}

/** Where Node would find package `name` from `from` (node_modules folders upwards); sharp's exports hide its package.json from require.resolve. */
function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) return undefined;
  }
}

function copyCommand(source: { dir: string } | { error: string }, target: string): string {
  if ('error' in source) return failCommand(source.error);
  return `mkdir -p ${sh(path.dirname(target))} && cp -R ${sh(source.dir)} ${sh(target)}`;
}

/** A bundling step that stops the synth with one message (CDK prints the command's stderr). */
function failCommand(message: string): string {
  return `{ echo ${sh(`pipeline-aws synth: ${message}`)} >&2; exit 1; }`;
}

/** One shell word. */
function sh(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
