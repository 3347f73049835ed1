import { randomUUID } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { EcomlakeError } from './errors';
import { processGone } from './process-start';

/** Who holds a folder lock: what the lock file says. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** ISO 8601 time the lock was taken. */
  readonly startedAt: string;
  /** What the holder does with the folder, in words (shown to whoever waits). */
  readonly purpose: string;
}

export interface FolderLockOptions {
  /** How long to wait for a held lock, ms. Default 0: fail at once with FolderLockedError. */
  readonly waitMs?: number;
  /** Stops waiting: the promise rejects with the signal's reason. Default: none. */
  readonly signal?: AbortSignal;
  /** Called once when the lock is held by another live process and we start waiting. Default: none. */
  readonly onWait?: (holder: LockHolder) => void;
  /** Lock file name inside the folder. Default `.ecomlake.lock`. */
  readonly fileName?: string;
}

/** A held folder lock. */
export interface FolderLock {
  /** The lock file. */
  readonly path: string;
  readonly holder: LockHolder;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

/** The folder is locked by another live process (or by this one, under another lock). */
export class FolderLockedError extends EcomlakeError<'util.folderLocked'> {
  override readonly name = 'FolderLockedError';
  constructor(
    readonly holder: LockHolder,
    /** The lock file. */
    readonly path: string,
  ) {
    super(
      'util.folderLocked',
      `${folderOf(path)} is in use by process ${holder.pid} on ${holder.host} since ${holder.startedAt} (${holder.purpose}). ` +
        'Wait for it to finish or stop it, or use another folder. ' +
        `If that process is gone (another machine's, or not an ecomlake process), remove ${path}.`,
    );
  }
}

const DEFAULT_FILE = '.ecomlake.lock';

function folderOf(lockPath: string): string {
  return path.dirname(lockPath);
}
const MAX_POLL_MS = 250;

/** What the lock file holds: the holder, and a token that tells our lock from a later one. */
interface LockRecord extends LockHolder {
  readonly token: string;
}

/** Locks released at process exit if their owner did not (an 'exit' listener per lock would pile up). */
const held = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Takes `dir` for this process: one process owns a folder at a time. The lock is a file in the
 * folder (created if missing) naming its holder; a lock whose holder process is gone from this
 * host (killed, crashed) is taken over. Released by `release()` or when the process exits.
 *
 * @throws FolderLockedError when another live process holds it past `waitMs`.
 * @example
 * const lock = await lockFolder('.data/local-stack', 'embedded stack', { waitMs: 30_000 });
 * try { ... } finally { lock.release(); }
 */
export async function lockFolder(dir: string, purpose: string, options: FolderLockOptions = {}): Promise<FolderLock> {
  const { waitMs = 0, signal, onWait } = options;
  const lockPath = path.join(path.resolve(dir), options.fileName ?? DEFAULT_FILE);
  mkdirSync(path.dirname(lockPath), { recursive: true });
  const record: LockRecord = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), purpose, token: randomUUID() };
  const deadline = Date.now() + waitMs;
  let delay = 10;
  let waiting = false;
  for (;;) {
    signal?.throwIfAborted();
    const holder = tryAcquire(lockPath, record);
    if (!holder) return heldLock(lockPath, record);
    if (Date.now() >= deadline) throw new FolderLockedError(holder, lockPath);
    if (!waiting) {
      waiting = true;
      onWait?.(holder);
    }
    await pause(Math.min(delay, deadline - Date.now()), signal);
    delay = Math.min(delay * 2, MAX_POLL_MS);
  }
}

/** One attempt: undefined when the lock is now ours, else who holds it. */
function tryAcquire(lockPath: string, record: LockRecord): LockHolder | undefined {
  for (;;) {
    if (create(lockPath, record)) return undefined;
    const current = read(lockPath);
    if (current === 'missing') continue; // released between our attempt and the read
    if (!isStale(current)) return current.holder;
    // Remove exactly the stale file we read (not a lock someone took over meanwhile), then
    // race for the name like any newcomer: only one creator wins.
    removeIf(lockPath, current.text);
  }
}

/**
 * Creates the lock file whole or not at all: the record goes to a private file first and is
 * linked to the lock's name, which fails if the name exists (a plain `wx` open would let a
 * reader see an empty file, and a crash there would leave a lock nobody can read).
 */
function create(lockPath: string, record: LockRecord): boolean {
  const temp = `${lockPath}.${record.token}.tmp`;
  const fd = openSync(temp, 'wx');
  try {
    writeSync(fd, JSON.stringify(record));
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

type ReadLock = { readonly text: string; readonly holder: LockHolder } | 'missing';

function read(lockPath: string): ReadLock {
  let text: string;
  try {
    text = readFileSync(lockPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  const parsed = parse(text);
  if (parsed) return { text, holder: toHolder(parsed) };
  // Not ours to judge (another tool's file, or edited by hand): held until someone removes it.
  const startedAt = safeMtime(lockPath);
  return { text, holder: { pid: 0, host: 'unknown', startedAt, purpose: 'an unreadable lock file' } };
}

function parse(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (Number.isInteger(value.pid) && typeof value.host === 'string' && typeof value.startedAt === 'string' && typeof value.purpose === 'string') {
      return value as LockRecord;
    }
  } catch {
    // falls through: unreadable
  }
  return undefined;
}

function toHolder(record: LockRecord): LockHolder {
  return { pid: record.pid, host: record.host, startedAt: record.startedAt, purpose: record.purpose };
}

function safeMtime(file: string): string {
  try {
    return statSync(file).mtime.toISOString();
  } catch {
    return 'unknown';
  }
}

/**
 * Stale: written on this host by a process that no longer exists, or whose pid now belongs to
 * a process started after the lock was written (a restarted container is pid 1 again). Another
 * host's lock is never judged.
 */
function isStale({ holder }: Exclude<ReadLock, 'missing'>): boolean {
  return processGone(holder);
}

/**
 * Removes `lockPath` only if it still holds `text`. Renaming first makes the check and the
 * removal one step: the file we check is the file we remove. If it turns out to be another
 * file (taken over meanwhile), it is put back under its name.
 */
function removeIf(lockPath: string, text: string): void {
  const claim = `${lockPath}.${randomUUID()}.claim`;
  try {
    renameSync(lockPath, claim);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  let same = false;
  try {
    same = readFileSync(claim, 'utf8') === text;
  } finally {
    if (!same) {
      try {
        linkSync(claim, lockPath);
      } catch {
        // a newcomer took the free name in that instant: theirs stands
      }
    }
    unlinkSync(claim);
  }
}

function heldLock(lockPath: string, record: LockRecord): FolderLock {
  const text = JSON.stringify(record);
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    held.delete(release);
    removeIf(lockPath, text);
  };
  held.add(release);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const releaseOne of [...held]) {
        try {
          releaseOne();
        } catch {
          // exiting anyway; a lock left behind is stale and taken over by the next taker
        }
      }
    });
  }
  return { path: lockPath, holder: toHolder(record), release };
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, Math.max(ms, 0));
    function done(): void {
      signal?.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted(): void {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener('abort', aborted, { once: true });
  });
}
