/**
 * The machine's load around a benchmark. The machine is shared: a figure measured while
 * other work held the cores says nothing about a regression, so the bench reads the load
 * average before and after, and the CPU time other processes used during the run, and
 * flags such a figure as noisy.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';

/** `os.loadavg()`: runnable processes averaged over 1, 5 and 15 minutes. */
export type LoadAverage = readonly [number, number, number];

export interface LoadVerdict {
  /** 1-minute load average at the start and at the end. */
  start: number;
  end: number;
  /** Load above which a figure is noisy. */
  quietBelow: number;
  /**
   * Cores other processes kept busy, on average, during the run (Linux; undefined
   * elsewhere). Unlike the 1-minute load average it does not lag: work that starts or
   * stops during a run of a few seconds shows in full.
   */
  otherCores: number | undefined;
  /** Other processes' cores above which a figure is noisy. */
  otherQuietBelow: number;
  noisy: boolean;
}

/** CPU time at one moment: the whole machine's busy time, and this process's own (its threads and its waited-for children). */
export interface CpuSnapshot {
  wallMs: number;
  busyMs: number;
  ownMs: number;
}

// /proc/stat and /proc/self/stat count in USER_HZ ticks, 100 a second on Linux.
const TICK_MS = 10;

/** The machine's and this process's CPU time so far, or undefined where /proc is not there. */
export function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const machine = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = machine[3] + (machine[4] ?? 0); // idle + iowait
    const total = machine.slice(0, 8).reduce((a, b) => a + b, 0); // guest time is already in user
    const self = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    const childrenMs = (fields[13] + fields[14]) * TICK_MS; // cutime, cstime
    const own = process.cpuUsage();
    return { wallMs: performance.now(), busyMs: (total - idle) * TICK_MS, ownMs: (own.user + own.system) / 1000 + childrenMs };
  } catch {
    return undefined;
  }
}

/** Cores other processes kept busy on average between two snapshots. */
export function otherCores(start: CpuSnapshot | undefined, end: CpuSnapshot | undefined): number | undefined {
  if (!start || !end || end.wallMs <= start.wallMs) return undefined;
  const others = end.busyMs - start.busyMs - (end.ownMs - start.ownMs);
  return Math.max(0, others) / (end.wallMs - start.wallMs);
}

export function loadAverage(): LoadAverage {
  const [one, five, fifteen] = os.loadavg();
  return [one, five, fifteen];
}

/**
 * Whether a figure is noisy. Where /proc is there (`others` measured), by what other
 * processes did during the run: more than `otherQuietBelow` cores busy on average (the
 * default, a fifth of a core, is well above a quiet machine's background, 0.01-0.05, and
 * well below one busy process). The 1-minute load average counts this bench's own threads
 * and lags a minute, so back-to-back runs on an otherwise idle 2-core machine read 3-4;
 * it decides only where /proc is not there: noisy when it passes `quietBelow` at either
 * end (default half the cores, where other work starts taking the second thread's core).
 */
export function judgeLoad(
  start: LoadAverage,
  end: LoadAverage,
  cores: number,
  quietBelow = cores / 2,
  others?: number,
  otherQuietBelow = 0.2,
): LoadVerdict {
  const busy = others !== undefined ? others > otherQuietBelow : start[0] > quietBelow || end[0] > quietBelow;
  return { start: start[0], end: end[0], quietBelow, otherCores: others, otherQuietBelow, noisy: busy };
}

export function formatLoad(load: LoadAverage): string {
  return load.map((n) => n.toFixed(2)).join(' ');
}

/** One line for people: the load at both ends, other processes' cores and, when noisy, what that means. */
export function describeLoad(verdict: LoadVerdict, start: LoadAverage, end: LoadAverage, cores: number): string {
  const load = `load average (1, 5, 15 min) at start ${formatLoad(start)}, at end ${formatLoad(end)} on ${cores} cores`;
  const figures = verdict.otherCores === undefined ? load : `other processes kept ${verdict.otherCores.toFixed(2)} cores busy during the run (${load})`;
  const limit = verdict.otherCores === undefined ? `1-minute load ${verdict.quietBelow}` : `${verdict.otherQuietBelow} cores`;
  if (!verdict.noisy) return `${figures}: quiet (below ${limit})`;
  return `${figures}: NOISY (above ${limit}): other work held the cores, so these seconds (and the two-thread figure most) are not comparable with a quiet run`;
}
