// Ctrl-C and SIGTERM stop a run: exit 130 / 143, one message naming the stage it stopped in
// and the stages that completed, run-summary.json saying the same, and no server left behind.
import { type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { endProgressLine, createProgress } from '../app/progress';
import { RunInterruptedError, runStages, StageFailedError, type Stage } from '../app/stages';
import { descendantsOf, processesMentioning, STACK_LINE, startCli } from './run-cli';

/** Resolves once `output()` (the stdout gathered so far) matches `pattern`; rejects if the process ends first. */
function printed(child: ChildProcess, output: () => string, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!pattern.test(output())) return;
      child.stdout?.off('data', check);
      child.off('exit', ended);
      resolve();
    };
    const ended = (code: number | null) => reject(new Error(`the run ended (code ${code}) before printing ${pattern}`));
    child.stdout?.on('data', check);
    child.once('exit', ended);
  });
}

/** Sends `signal` to each of `pids` that still exists. */
function signalEach(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone meanwhile
    }
  }
}

describe.each([
  // Ctrl-C at a terminal signals the whole foreground group: the app, the stack's supervisor and JVM.
  { signal: 'SIGINT' as const, to: 'the process group (Ctrl-C)', code: 130, said: 'interrupted by SIGINT (Ctrl-C)' },
  // `kill`, a service manager or a CI timeout signals the process alone.
  { signal: 'SIGTERM' as const, to: 'the process alone (kill)', code: 143, said: 'interrupted by SIGTERM' },
  // The process the user signals is the run itself, not a launcher relaying to it: tsx's CLI
  // SIGKILLed its child when that child took 60 ms to acknowledge (a busy clean stage), and
  // exited 143 without a message, a summary or a released lease. Frozen children show it.
  { signal: 'SIGTERM' as const, to: 'the process alone while its children are frozen', code: 143, said: 'interrupted by SIGTERM', freezeChildren: true },
])('$signal sent to $to during a default run', ({ signal, code, said, freezeChildren = false }) => {
  test(`exits ${code}, names the stage it stopped in and those completed, and leaves no process`, async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'pipeline-signal-'));
    const child = startCli(['--rows', '20000', '--out', 'result'], { cwd, output: true, ownGroup: true });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => (stdout += d));
    child.stderr?.on('data', (d: Buffer) => (stderr += d));
    const exited = once(child, 'close');

    let status: number | null;
    try {
      await printed(child, () => stdout, /^✓ upload/m);
      const frozen = freezeChildren ? descendantsOf(child.pid ?? 0) : [];
      signalEach(frozen, 'SIGSTOP');
      if (signal === 'SIGINT') process.kill(-(child.pid ?? 0), signal);
      else child.kill(signal);
      if (frozen.length > 0) await new Promise((resolve) => setTimeout(resolve, 300));
      signalEach(frozen, 'SIGCONT');
      [status] = (await exited) as [number | null];
    } finally {
      // A failed test leaves nothing running (the stack's supervisor follows its parent).
      if (child.exitCode === null && child.signalCode === null) process.kill(-(child.pid ?? 0), 'SIGKILL');
    }

    expect(stderr).not.toMatch(STACK_LINE);
    expect({ status, stderr: stderr.trim().split('\n').slice(-2) }).toEqual({
      status: code,
      stderr: [expect.stringMatching(new RegExp(`^pipeline: ${said.replace(/[()]/g, '\\$&')} during stage "[a-z-]+"$`)), expect.stringMatching(/^Completed stages: lease, upload(, [a-z-]+)*\.$/)],
    });
    const stage = /during stage "([a-z-]+)"/.exec(stderr)?.[1];
    const completed = /Completed stages: (.*)\.$/m.exec(stderr)?.[1].split(', ');

    // run-summary.json tells the same story.
    const summary = JSON.parse(readFileSync(path.join(cwd, 'result', 'run-summary.json'), 'utf8'));
    expect({ status: summary.status, failedStage: summary.failedStage, error: summary.error }).toEqual({ status: 'interrupted', failedStage: stage, error: said });
    expect(summary.stages[stage ?? '']).toMatchObject({ status: 'interrupted' });
    expect(Object.keys(summary.stages).filter((name) => summary.stages[name].status === 'done')).toEqual(completed);
    // Every stage it printed as finished (with its seconds; a skipped one says so instead) is among those completed.
    expect([...stdout.matchAll(/^✓ ([a-z-]+) +[\d.]+ s$/gm)].map((m) => m[1])).toEqual(completed);

    // The stack's supervisor and JVM carry its data folder in their environment.
    expect(processesMentioning(path.join(cwd, '.data'))).toEqual([]);
  });
});

describe('runStages with an abort signal', () => {
  const stages = (log: string[]): Stage<object>[] => [
    { name: 'upload', run: async () => void log.push('upload') },
    { name: 'load', run: () => new Promise(() => log.push('load started')) }, // never settles by itself
    { name: 'analytics', run: async () => void log.push('analytics') },
  ];

  test('abandons a stage that ignores the signal, records it interrupted, and runs nothing after it', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const running = runStages(stages(log), {}, (r) => r.name === 'upload' && setImmediate(() => controller.abort(new RunInterruptedError('SIGTERM'))), {
      signal: controller.signal,
    });
    const error = (await running.catch((e: unknown) => e)) as StageFailedError;
    expect(error).toBeInstanceOf(StageFailedError);
    expect(error.message).toBe('interrupted by SIGTERM during stage "load"');
    expect(error.cause).toBe(controller.signal.reason);
    expect(error.records.map((r) => [r.name, r.status])).toEqual([
      ['upload', 'done'],
      ['load', 'interrupted'],
    ]);
    expect(log).toEqual(['upload', 'load started']);
  });

  test('an abort before a stage starts runs none, and names the stage it stopped at', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    controller.abort(new RunInterruptedError('SIGINT'));
    const error = (await runStages(stages(log), {}, () => undefined, { signal: controller.signal }).catch((e: unknown) => e)) as StageFailedError;
    expect(error.message).toBe('interrupted by SIGINT (Ctrl-C) during stage "upload"');
    expect(error.records).toEqual([{ name: 'upload', status: 'interrupted', seconds: 0 }]);
    expect(log).toEqual([]);
    expect((error.cause as RunInterruptedError).exitCode).toBe(130);
  });
});

test('a progress bar cut short by an interruption is ended, so the message starts on its own line', () => {
  let written = '';
  const terminal = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        written += chunk;
        done();
      },
    }),
    { isTTY: true },
  ) as unknown as NodeJS.WriteStream;
  const ci = process.env.CI;
  delete process.env.CI; // a terminal draws bars only outside CI
  try {
    createProgress('load', { total: 10, stream: terminal }).update(3);
  } finally {
    if (ci !== undefined) process.env.CI = ci;
  }
  expect(written.endsWith('\n')).toBe(false);
  endProgressLine(terminal);
  expect(written.endsWith('\x1b[K\n')).toBe(true);
  endProgressLine(terminal); // nothing open any more: nothing written
  expect(written.endsWith('\x1b[K\n')).toBe(true);
  expect(written.split('\n')).toHaveLength(2);
});
