import { readFileSync } from 'node:fs';

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
