// An embedded server that dies mid-run is named: the user never set an endpoint, so the message
// says which embedded server died, not which endpoint to fix. A second default run on the same
// data folder says whose stack holds it.
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { processesMentioning, runCli, STACK_LINE, startCli } from './run-cli';

jest.setTimeout(300_000);

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('kill -9 of the embedded S3 mid-run: the message names the embedded server that died, never AWS_ENDPOINT_URL_S3', async () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'stack-death-'));
  const child = startCli(['--rows', '20000', '--out', 'result', '--no-analytics'], { cwd, output: true, ownGroup: true });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d));
  child.stderr?.on('data', (d: Buffer) => (stderr += d));
  const exited = once(child, 'exit');
  try {
    await until(() => /^✓ upload/m.test(stdout) || child.exitCode !== null, 'the upload');
    // The stack's supervisor (which runs s3rver) carries the run's data folder in its environment.
    const data = path.join(cwd, '.data');
    const supervisor = processesMentioning('supervisor.cjs').filter((pid) => processesMentioning(data).includes(pid));
    expect(supervisor).toHaveLength(1);
    process.kill(Number(supervisor[0]), 'SIGKILL');
    const [code] = (await exited) as [number | null];
    expect(code).toBe(1);
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid ?? 0), 'SIGKILL');
  }
  expect(stderr).not.toMatch(STACK_LINE);
  expect(stderr).not.toContain('AWS_ENDPOINT_URL_S3');
  expect(stderr).toMatch(/^pipeline: stage "[a-z]+" failed: The embedded S3 \(s3rver, pid \d+/m);
  const summary = JSON.parse(readFileSync(path.join(cwd, 'result', 'run-summary.json'), 'utf8'));
  expect(summary.error).toMatch(/The embedded S3 \(s3rver, pid \d+/);
  // DynamoDB Local follows its supervisor: nothing of the stack is left.
  await until(() => processesMentioning(path.join(cwd, '.data')).length === 0, 'the stack to end');
});

test('a second default run on the same data folder fails at once, naming the run whose stack holds it', async () => {
  const cwd = mkdtempSync(path.join(tmpdir(), 'stack-shared-'));
  const first = startCli(['--rows', '20000', '--out', 'first', '--no-analytics'], { cwd, output: true, ownGroup: true });
  let stdout = '';
  first.stdout?.on('data', (d: Buffer) => (stdout += d));
  const exited = once(first, 'exit');
  try {
    await until(() => /^✓ upload/m.test(stdout) || first.exitCode !== null, 'the first run to start');
    const second = runCli(['--rows', '20000', '--out', 'second', '--no-analytics'], { cwd });
    expect(second.status).toBe(1);
    expect(second.stderr).not.toMatch(STACK_LINE);
    expect(second.stderr).toMatch(new RegExp(`${path.join(cwd, '.data', 'local-stack').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is in use by process \\d+`));
    const [code] = (await exited) as [number | null];
    expect(code).toBe(0);
  } finally {
    if (first.exitCode === null && first.signalCode === null) process.kill(-(first.pid ?? 0), 'SIGKILL');
  }
});
