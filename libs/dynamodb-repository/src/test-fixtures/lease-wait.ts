import { setTimeout as delay } from 'node:timers/promises';

/**
 * Resolves once `condition` holds, checking every 25 ms; rejects naming `what` after
 * `limitMs` (a bound for a stuck test, never a timing assertion).
 */
export async function until(what: string, condition: () => boolean | Promise<boolean>, limitMs = 30_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what} after ${limitMs} ms`);
    await delay(25);
  }
}
