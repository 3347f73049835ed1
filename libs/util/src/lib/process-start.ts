import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

/** Linux's clock ticks per second in /proc (USER_HZ): 100 on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

/**
 * When process `pid` started (ms since the epoch), from Linux's /proc; undefined where there is
 * no /proc, or where /proc's clock does not agree with this process's own start (an unusual
 * USER_HZ, a container with another view of boot time): no answer beats a wrong one.
 * Tells a process from an earlier one that had the same pid.
 */
export function processStartedAt(pid: number): number | undefined {
  const self = startFromProc(process.pid);
  if (self === undefined || Math.abs(self - (Date.now() - process.uptime() * 1000)) > 2000) return undefined;
  return startFromProc(pid);
}

/** A pid may be reused this soon after the process that held it started: /proc's boot time is in whole seconds. */
const PID_REUSE_MARGIN_MS = 5000;

/** A process that took something (a lock, a lease): where it ran, its pid, and when it took it. */
export interface ProcessClaim {
  readonly host?: string;
  readonly pid?: number;
  /** ISO 8601 time it took the thing: a process started after it, with the same pid, is another one. */
  readonly startedAt: string;
}

/**
 * True when the claimant is known to be gone: it ran on this host, and its pid no longer
 * exists or now belongs to a process started after the claim (a restarted container is pid
 * 1 again). Another host's claimant, or one without a pid, is never judged: false.
 */
export function processGone(claim: ProcessClaim): boolean {
  const { pid, host, startedAt } = claim;
  if (pid === undefined || pid <= 0 || host !== hostname()) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive, another user's.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
  // A zombie (killed, not yet reaped: its parent died with it) still answers kill(pid, 0).
  if (isZombie(pid)) return true;
  const started = processStartedAt(pid);
  // The margin covers /proc's whole-second boot time; a pid reused sooner is not caught.
  return started !== undefined && started > Date.parse(startedAt) + PID_REUSE_MARGIN_MS;
}

function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The state is the first field after the command name (in parentheses, which may hold spaces).
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false; // no /proc: not judged here
  }
}

function startFromProc(pid: number): number | undefined {
  try {
    const bootSeconds = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'))?.[1]);
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // Fields after the command name (in parentheses, which may hold spaces): state is the 3rd
    // field of the line, starttime the 22nd.
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const started = bootSeconds * 1000 + (ticks * 1000) / TICKS_PER_SECOND;
    return Number.isFinite(started) && bootSeconds > 0 ? started : undefined;
  } catch {
    return undefined; // no /proc, or the process is gone
  }
}
