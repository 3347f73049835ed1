import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, aws_lambda as lambda, aws_lambda_nodejs as nodejs, aws_logs as logs, RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';

/** The repository root: esbuild resolves `@ecomlake/*` through its tsconfig.base.json paths. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');
const HANDLERS = path.resolve(__dirname, '../handlers');

export interface PipelineFunctionProps {
  /** The handler file under src/handlers, e.g. `worker.ts`. */
  readonly entry: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly environment: Readonly<Record<string, string>>;
  /** Default arm64 (pure JavaScript; ~20% cheaper per GB-s than x86_64). */
  readonly architecture?: lambda.Architecture;
  /** Node.js runtime. Default Node.js 22. */
  readonly runtime?: lambda.Runtime;
  /** Copy sharp and its linux-x64 binaries into the asset (the analytics Lambda renders PNG). Default false. */
  readonly withSharp?: boolean;
}

/**
 * A handler bundled by the local esbuild (never Docker, never a download at synth), with the
 * AWS SDK bundled too (the versions the repo tests, not the runtime's), and its own log group.
 */
export function pipelineFunction(scope: Construct, id: string, props: PipelineFunctionProps): nodejs.NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  return new nodejs.NodejsFunction(scope, id, {
    entry: path.join(HANDLERS, props.entry),
    handler: 'handler',
    runtime: props.runtime ?? lambda.Runtime.NODEJS_22_X,
    architecture: props.withSharp ? lambda.Architecture.X86_64 : (props.architecture ?? lambda.Architecture.ARM_64),
    memorySize: props.memorySize,
    timeout: props.timeout,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
    logGroup,
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    bundling: {
      forceDockerBundling: false,
      tsconfig: path.join(REPO_ROOT, 'tsconfig.base.json'),
      target: 'node22',
      format: nodejs.OutputFormat.CJS,
      minify: true,
      sourceMap: true,
      bundleAwsSDK: true,
      // jsdom loads these only for features the charts never use (canvas, sync XHR).
      externalModules: ['canvas', ...(props.withSharp ? ['sharp'] : [])],
      ...(props.withSharp && { commandHooks: sharpHooks() }),
    },
  });
}

/**
 * sharp is native: esbuild cannot bundle it, and `nodeModules` would run npm install (a
 * download) at synth. The installed package and its linux-x64 binaries are copied instead,
 * so the analytics Lambda runs on x86_64.
 */
function sharpHooks(): nodejs.ICommandHooks {
  const packages = ['sharp', '@img/colour', 'detect-libc', 'semver', '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'];
  const sharpDir = packageDir('sharp', REPO_ROOT);
  const dirOf = (name: string): string => (name === 'sharp' ? sharpDir : packageDir(name, sharpDir));
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_input: string, output: string) =>
      packages.flatMap((name) => [`mkdir -p "${path.join(output, 'node_modules', path.dirname(name))}"`, `cp -R "${dirOf(name)}" "${path.join(output, 'node_modules', name)}"`]),
  };
}

/** Where Node would find package `name` from `from` (node_modules folders upwards); sharp's exports hide its package.json from require.resolve. */
function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${name} is not installed (looked upwards from ${from}): run npm install; the analytics Lambda needs it`);
  }
}
