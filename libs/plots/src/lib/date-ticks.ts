import type { ScaleTime } from 'd3';
import { monthAbbrev } from './format';

/** A tick label in one or two lines: the unit that changes, then its context when it changes. */
export interface DateTickLabel {
  time: Date;
  lines: [string] | [string, string];
}

/**
 * Concise date ticks (like matplotlib's ConciseDateFormatter): `Dec` / `2010` on the first
 * tick and on each January; or, for short spans, day numbers with `Dec 2010` under the
 * first tick and each first of a month.
 */
export function conciseDateTicks(x: ScaleTime<number, number>, count: number): DateTickLabel[] {
  // Whole days only: a day's revenue has no time of day.
  const ticks = x.ticks(Math.max(2, count)).filter((t) => t.getUTCHours() === 0 && t.getUTCMinutes() === 0);
  const monthly = ticks.length > 1 && ticks.every((t) => t.getUTCDate() === 1 && t.getUTCHours() === 0);
  return ticks.map((time, i) => {
    if (monthly) {
      const month = monthAbbrev(time);
      return i === 0 || time.getUTCMonth() === 0 ? { time, lines: [month, String(time.getUTCFullYear())] } : { time, lines: [month] };
    }
    const day = String(time.getUTCDate());
    const prev = ticks[i - 1];
    const newMonth = i === 0 || prev.getUTCMonth() !== time.getUTCMonth();
    return newMonth ? { time, lines: [day, `${monthAbbrev(time)} ${time.getUTCFullYear()}`] } : { time, lines: [day] };
  });
}
