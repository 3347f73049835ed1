/** Timing and server CPU of the DynamoDB benchmark's steps. */
import { readdirSync, readFileSync } from 'node:fs';

/** A step's value, its wall-clock seconds and the DynamoDB Local JVM's CPU seconds meanwhile. */
export interface Measured<T> {
  value: T;
  seconds: number;
  serverCpu: number;
}

export const round = (n: number, digits = 3): number => Math.round(n * 10 ** digits) / 10 ** digits;
export const seconds = (since: number): number => (performance.now() - since) / 1000;

/** A step that did not run (a flag skipped it): its figures are NaN, printed empty, `null` in the JSON. */
export function notRun<T>(value: T): Measured<T> {
  return { value, seconds: NaN, serverCpu: NaN };
}

/** CPU seconds used so far by the DynamoDB Local JVM that this process started (Linux /proc). */
export function serverCpuSeconds(): number {
  try {
    const parents = new Map<number, number>();
    const commands = new Map<number, string>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parents.set(Number(entry), Number(fields[1]));
        commands.set(Number(entry), stat);
      } catch {
        // The process ended while we looked.
      }
    }
    const descends = (pid: number): boolean => {
      for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === process.pid) return true;
      return false;
    };
    let total = 0;
    for (const [pid, stat] of commands) {
      if (!stat.includes('(java)') || !descends(pid)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime + stime, in clock ticks (100 per second on Linux).
      total += (Number(fields[11]) + Number(fields[12])) / 100;
    }
    return total;
  } catch {
    return NaN;
  }
}

export async function measured<T>(run: () => Promise<T>): Promise<Measured<T>> {
  const cpu = serverCpuSeconds();
  const started = performance.now();
  const value = await run();
  return { value, seconds: seconds(started), serverCpu: round(serverCpuSeconds() - cpu, 1) };
}
