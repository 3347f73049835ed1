/**
 * The machine's load around a benchmark. The machine is shared: a figure measured while
 * other work held the cores says nothing about a regression, so the bench reads the load
 * average before and after and flags such a figure as noisy.
 */
import * as os from 'node:os';

/** `os.loadavg()`: runnable processes averaged over 1, 5 and 15 minutes. */
export type LoadAverage = readonly [number, number, number];

export interface LoadVerdict {
  /** 1-minute load average at the start and at the end. */
  start: number;
  end: number;
  /** Load above which a figure is noisy. */
  quietBelow: number;
  noisy: boolean;
}

export function loadAverage(): LoadAverage {
  const [one, five, fifteen] = os.loadavg();
  return [one, five, fifteen];
}

/**
 * Noisy when the 1-minute load average at either end passes `quietBelow`. The default,
 * half the cores, is where other work starts taking the second thread's core: a quiet
 * machine reads 0.3-0.5 on 2 cores, and the bench's own few seconds of work add about
 * 0.2-0.4 to the 1-minute average by its end.
 */
export function judgeLoad(start: LoadAverage, end: LoadAverage, cores: number, quietBelow = cores / 2): LoadVerdict {
  return { start: start[0], end: end[0], quietBelow, noisy: start[0] > quietBelow || end[0] > quietBelow };
}

export function formatLoad(load: LoadAverage): string {
  return load.map((n) => n.toFixed(2)).join(' ');
}

/** One line for people: the load at both ends and, when noisy, what that means. */
export function describeLoad(verdict: LoadVerdict, start: LoadAverage, end: LoadAverage, cores: number): string {
  const figures = `load average (1, 5, 15 min) at start ${formatLoad(start)}, at end ${formatLoad(end)} on ${cores} cores`;
  if (!verdict.noisy) return `${figures}: quiet (below ${verdict.quietBelow})`;
  return (
    `${figures}: NOISY (1-minute load above ${verdict.quietBelow}): other work held the cores, ` +
    `so these seconds (and the two-thread figure most) are not comparable with a quiet run`
  );
}
