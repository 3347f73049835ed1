import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export const WORKSPACE = path.resolve(__dirname, '../../../..');
const TSX = path.join(WORKSPACE, 'node_modules/tsx/dist/cli.mjs');
const MAIN = path.join(WORKSPACE, 'apps/pipeline/src/main.ts');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A clean environment: no AWS settings leak in from the machine running the tests. */
function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('ECOMLAKE_')));
  return { ...base, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', CI: 'true', ...extra };
}

const cliArgs = (args: readonly string[]) => [TSX, '--tsconfig', path.join(WORKSPACE, 'tsconfig.base.json'), MAIN, ...args];

/** Runs the pipeline's command line as a user would, in its own process. */
export function runCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): CliResult {
  const result = spawnSync(process.execPath, cliArgs(args), {
    cwd: options.cwd,
    env: cliEnv(options.env),
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 300_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Starts the command line without waiting for it (to signal or kill it mid-run). */
export function startCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): ChildProcess {
  return spawn(process.execPath, cliArgs(args), { cwd: options.cwd, env: cliEnv(options.env), stdio: 'ignore' });
}

/** A stack trace line, which a user must never see. */
export const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$/m;
