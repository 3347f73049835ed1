import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { testStack } from '@ecomlake/local-stack';

export const WORKSPACE = path.resolve(__dirname, '../../../..');

/**
 * `nx run pipeline:run`'s own command and environment (apps/pipeline/project.json), so the
 * tests start the command line exactly as it ships, with its paths made absolute (they run it
 * from other folders). Its first word is `node`: the tests pass the Node binary themselves.
 */
const RUN_TARGET = (() => {
  const { command, env = {} } = JSON.parse(readFileSync(path.join(WORKSPACE, 'apps/pipeline/project.json'), 'utf8')).targets.run.options as { command: string; env?: Record<string, string> };
  const [node, ...nodeArgs] = command.split(' ');
  if (node !== 'node') throw new Error(`apps/pipeline/project.json: the run target's command starts with ${node}, not node`);
  const absolute = (value: string) => (/\.(ts|json)$/.test(value) ? path.join(WORKSPACE, value) : value);
  // `--import <package>` resolves from the current folder, which is the workspace only under Nx.
  const args = nodeArgs.map((value, i) => (nodeArgs[i - 1] === '--import' ? require.resolve(value, { paths: [WORKSPACE] }) : absolute(value)));
  return { args, env: Object.fromEntries(Object.entries(env).map(([name, value]) => [name, absolute(value)])) };
})();

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A clean environment: no AWS settings leak in from the machine running the tests, and none
 * of Nx's or npm's (tests run under `nx run pipeline:test` would otherwise make the command
 * line think Nx started it, from the folder npm was started in).
 */
function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|ECOMLAKE_|NX_|npm_)/.test(name) && name !== 'INIT_CWD'));
  return { ...base, CI: 'true', ...RUN_TARGET.env, ...extra };
}

const cliArgs = (args: readonly string[]) => [...RUN_TARGET.args, ...args];

/**
 * Runs the pipeline's command line as a user would, in its own process; `wrap` runs it through
 * another command (e.g. `unshare -m …`), `node` on another Node binary than this process's.
 */
export function runCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; wrap?: readonly string[]; node?: string }): CliResult {
  const node = options.node ?? process.execPath;
  const [command, ...prefix] = options.wrap ?? [node];
  const result = spawnSync(command, [...prefix, ...(options.wrap ? [node] : []), ...cliArgs(args)], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface StartCliOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Pipe stdout and stderr to the returned process's streams instead of discarding them. Default false. */
  output?: boolean;
  /**
   * Run in a process group of its own, as a shell runs a foreground job, so that
   * `process.kill(-child.pid, 'SIGINT')` is Ctrl-C at a terminal (the whole group gets it). Default false.
   */
  ownGroup?: boolean;
}

/** Starts the command line without waiting for it (to signal or kill it mid-run). */
export function startCli(args: readonly string[], options: StartCliOptions): ChildProcess {
  return spawn(process.execPath, cliArgs(args), {
    cwd: options.cwd,
    env: cliEnv(options.env),
    stdio: options.output ? ['ignore', 'pipe', 'pipe'] : 'ignore',
    detached: options.ownGroup ?? false,
  });
}

/**
 * Runs the command line to its end without blocking this process, for tests whose own
 * servers (fault proxies) must keep answering while it runs.
 */
export function runCliAsync(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<CliResult> {
  const child = startCli(args, { ...options, output: true });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/**
 * `npx nx run pipeline:run -- <args>` as a user types it in `cwd` (a folder of the workspace),
 * started without waiting. Its output goes to pipes, or with `outputFile` to that file (both
 * streams), as `> file 2>&1` would send it.
 */
export function startNx(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; ownGroup?: boolean; outputFile?: string }): ChildProcess {
  const file = options.outputFile ? openSync(options.outputFile, 'w') : undefined;
  try {
    return spawn('npx', ['nx', 'run', 'pipeline:run', '--', ...args], {
      cwd: options.cwd,
      env: cliEnv({ NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', ...options.env }),
      stdio: file === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', file, file],
      detached: options.ownGroup ?? false,
    });
  } finally {
    if (file !== undefined) closeSync(file);
  }
}

/** Gathers a started process's output until it ends. */
export function outputOf(child: ChildProcess): Promise<CliResult & { signal: NodeJS.Signals | null }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
  });
}

/** Live processes, other than this one, whose command line or environment contains `text` (Linux /proc). */
export function processesMentioning(text: string): string[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        return ['cmdline', 'environ'].some((file) => readFileSync(`/proc/${pid}/${file}`, 'latin1').includes(text));
      } catch {
        return false; // gone meanwhile
      }
    });
}

/** The processes descended from `pid` (children, their children, …), read from /proc. */
export function descendantsOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // The command name (field 2) is in parentheses and may hold spaces: the parent pid follows its last ')'.
      const stat = readFileSync(`/proc/${name}/stat`, 'latin1');
      parentOf.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  for (let frontier = [pid]; frontier.length > 0; ) {
    frontier = [...parentOf].filter(([, parent]) => frontier.includes(parent)).map(([child]) => child);
    found.push(...frontier);
  }
  return found;
}

/** A stack trace line, which a user must never see. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;

/** The environment that points the CLI at this test run's stack (endpoints, region, its credentials). */
export function stackEnv(): Record<string, string> {
  const { s3, dynamodb } = testStack();
  return {
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: dynamodb.endpoint,
    AWS_REGION: s3.region,
    AWS_ACCESS_KEY_ID: s3.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: s3.credentials.secretAccessKey,
  };
}
