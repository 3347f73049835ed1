import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { FolderLockedError, lockFolder, type LockHolder } from './folder-lock';

const FIXTURE = path.join(__dirname, '..', 'test-fixtures', 'lock-holder.ts');

interface Answer {
  ready?: boolean;
  taken?: boolean;
  released?: boolean;
  holder?: LockHolder;
}

/** A real process driven line by line (test-fixtures/lock-holder.ts). */
class Holder {
  readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly answers: Answer[] = [];
  private readonly waiters: ((answer: Answer) => void)[] = [];

  constructor(dir: string, purpose: string) {
    this.child = spawn(process.execPath, ['--import', 'tsx', FIXTURE, dir, purpose], { stdio: 'pipe' });
    this.child.stderr.pipe(process.stderr);
    this.lines = createInterface({ input: this.child.stdout });
    this.lines.on('line', (line) => {
      const answer = JSON.parse(line) as Answer;
      const waiter = this.waiters.shift();
      if (waiter) waiter(answer);
      else this.answers.push(answer);
    });
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** The next answer; fails if the process ends first (its error is on stderr). */
  next(): Promise<Answer> {
    const ready = this.answers.shift();
    if (ready) return Promise.resolve(ready);
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.reject(new Error('the holder process has ended'));
    return new Promise((resolve, reject) => {
      this.waiters.push(resolve);
      this.child.once('exit', (code, signal) => reject(new Error(`the holder process ended (${code ?? signal}) before answering`)));
    });
  }

  async ask(command: 'take' | 'release'): Promise<Answer> {
    this.child.stdin.write(`${command}\n`);
    return this.next();
  }

  async exit(how: 'exit' | 'SIGKILL'): Promise<void> {
    const exited = once(this.child, 'exit');
    if (how === 'exit') this.child.stdin.write('exit\n');
    else this.child.kill('SIGKILL');
    await exited;
  }
}

let dir: string;
let started: Holder[];

async function holder(purpose: string): Promise<Holder> {
  const h = new Holder(dir, purpose);
  started.push(h);
  expect(await h.next()).toEqual({ ready: true });
  return h;
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'folder-lock-'));
  started = [];
});

afterEach(() => {
  for (const h of started) if (h.child.exitCode === null && h.child.signalCode === null) h.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('lockFolder', () => {
  test('a folder held by a live process: FolderLockedError naming the holder, the folder and what to do', async () => {
    const other = await holder('embedded stack for tests');
    const taken = await other.ask('take');
    expect(taken).toMatchObject({ taken: true, holder: { pid: other.pid, host: hostname(), purpose: 'embedded stack for tests' } });

    const error = (await lockFolder(dir, 'pipeline run').catch((e: unknown) => e)) as FolderLockedError;
    expect(error).toBeInstanceOf(FolderLockedError);
    expect(error.code).toBe('util.folderLocked');
    expect(error.holder).toEqual(taken.holder);
    expect(error.path).toBe(path.join(dir, '.ecomlake.lock'));
    expect(error.message).toBe(
      `${dir} is in use by process ${other.pid} on ${hostname()} since ${taken.holder?.startedAt} (embedded stack for tests). ` +
        'Wait for it to finish or stop it, or use another folder. ' +
        `If that process is gone (another machine's, or not an ecomlake process), remove ${path.join(dir, '.ecomlake.lock')}.`,
    );
    // The holder's lock is untouched.
    expect(JSON.parse(readFileSync(error.path, 'utf8'))).toMatchObject({ pid: other.pid });
  });

  test('a holder killed with SIGKILL left its lock file; the next taker takes it over at once', async () => {
    const other = await holder('killed holder');
    expect(await other.ask('take')).toMatchObject({ taken: true });
    await other.exit('SIGKILL');
    expect(JSON.parse(readFileSync(path.join(dir, '.ecomlake.lock'), 'utf8'))).toMatchObject({ pid: other.pid });

    const lock = await lockFolder(dir, 'next run');
    expect(lock.holder).toMatchObject({ pid: process.pid, host: hostname(), purpose: 'next run' });
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'next run' });
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  test('several processes racing for a stale lock: exactly one wins, the others name the winner', async () => {
    const dead = await holder('dead holder');
    expect(await dead.ask('take')).toMatchObject({ taken: true });
    await dead.exit('SIGKILL');
    const racers = await Promise.all([1, 2, 3, 4].map((n) => holder(`racer ${n}`)));
    // Every racer is loaded and waiting; the commands go out together.
    const answers = await Promise.all(racers.map((r) => r.ask('take')));
    const winners = answers.filter((a) => a.taken);
    expect(winners).toHaveLength(1);
    const winner = winners[0].holder;
    for (const answer of answers.filter((a) => !a.taken)) expect(answer.holder).toEqual(winner);
    expect(JSON.parse(readFileSync(path.join(dir, '.ecomlake.lock'), 'utf8'))).toMatchObject({ ...winner });
    // Nothing but the lock is left in the folder (no claim or temporary files).
    expect(readdirSync(dir)).toEqual(['.ecomlake.lock']);
  });

  test('waiting succeeds when the holder releases; onWait names the holder once', async () => {
    const other = await holder('slow holder');
    expect(await other.ask('take')).toMatchObject({ taken: true });
    const waitedFor: LockHolder[] = [];
    const lock = await lockFolder(dir, 'patient run', {
      waitMs: 50_000,
      onWait: (h) => {
        waitedFor.push(h);
        other.child.stdin.write('release\n');
      },
    });
    expect(waitedFor).toHaveLength(1);
    expect(waitedFor[0]).toMatchObject({ pid: other.pid, purpose: 'slow holder' });
    expect(lock.holder).toMatchObject({ pid: process.pid, purpose: 'patient run' });
    lock.release();
  });

  test('waiting past waitMs fails with FolderLockedError', async () => {
    const other = await holder('long holder');
    expect(await other.ask('take')).toMatchObject({ taken: true });
    let waits = 0;
    await expect(lockFolder(dir, 'impatient run', { waitMs: 300, onWait: () => (waits += 1) })).rejects.toMatchObject({
      name: 'FolderLockedError',
      holder: { pid: other.pid },
    });
    expect(waits).toBe(1);
  });

  test('the signal stops waiting with its reason', async () => {
    const other = await holder('holder');
    expect(await other.ask('take')).toMatchObject({ taken: true });
    const controller = new AbortController();
    const reason = new Error('the user pressed Ctrl-C');
    await expect(lockFolder(dir, 'run', { waitMs: 50_000, signal: controller.signal, onWait: () => controller.abort(reason) })).rejects.toBe(reason);
    expect(JSON.parse(readFileSync(path.join(dir, '.ecomlake.lock'), 'utf8'))).toMatchObject({ pid: other.pid });
  });

  test('a process that exits without releasing removes its lock (exit hook)', async () => {
    const other = await holder('forgetful holder');
    expect(await other.ask('take')).toMatchObject({ taken: true });
    await other.exit('exit');
    expect(existsSync(path.join(dir, '.ecomlake.lock'))).toBe(false);
  });

  test('release removes the lock only while it is ours, and is safe to call twice', async () => {
    const lock = await lockFolder(dir, 'first', { fileName: 'custom.lock' });
    expect(lock.path).toBe(path.join(dir, 'custom.lock'));
    // Someone else's lock under that name now (e.g. removed by hand, then taken by another run).
    const theirs = JSON.stringify({ pid: 1, host: 'other-host', startedAt: '2026-01-01T00:00:00.000Z', purpose: 'other', token: 'x' });
    writeFileSync(lock.path, theirs);
    lock.release();
    lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe(theirs);
  });

  test('another host\'s lock is never judged stale; an unreadable lock file is held until removed', async () => {
    const lockPath = path.join(dir, '.ecomlake.lock');
    writeFileSync(lockPath, JSON.stringify({ pid: 999_999_999, host: 'ci-runner-7', startedAt: '2026-01-01T00:00:00.000Z', purpose: 'nightly' }));
    await expect(lockFolder(dir, 'run')).rejects.toMatchObject({ holder: { pid: 999_999_999, host: 'ci-runner-7' } });
    writeFileSync(lockPath, 'not json');
    await expect(lockFolder(dir, 'run')).rejects.toThrow(/in use by process 0 on unknown since .* \(an unreadable lock file\).*remove /);
  });

  test('a lock whose pid now belongs to a process started after it was written (a restarted container) is taken over', async () => {
    const lockPath = path.join(dir, '.ecomlake.lock');
    // This process's pid, written a minute before this process started: an earlier process's lock.
    const earlier = new Date(Date.now() - process.uptime() * 1000 - 60_000).toISOString();
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, host: hostname(), startedAt: earlier, purpose: 'previous container' }));
    const lock = await lockFolder(dir, 'restarted');
    expect(JSON.parse(readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'restarted' });
    lock.release();
  });

  test('the same process cannot take a folder twice', async () => {
    const lock = await lockFolder(dir, 'first');
    await expect(lockFolder(dir, 'second')).rejects.toMatchObject({ holder: { pid: process.pid, purpose: 'first' } });
    lock.release();
    (await lockFolder(dir, 'second')).release();
  });

  test('creates a missing folder', async () => {
    const nested = path.join(dir, 'a', 'b');
    const lock = await lockFolder(nested, 'run');
    expect(existsSync(path.join(nested, '.ecomlake.lock'))).toBe(true);
    lock.release();
  });
});
