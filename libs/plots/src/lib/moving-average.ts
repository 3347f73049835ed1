import { DAY_MS } from './calendar';

export interface DayValue {
  /** UTC midnight, ms. */
  time: number;
  value: number;
}

export interface MovingAverageOptions {
  /** Window length in calendar days, ending on the day itself. Default 7. */
  windowDays?: number;
  /** Fewest trading days the window must hold for a value. Default 4. */
  minDays?: number;
}

/**
 * Trailing moving average over calendar days: for each calendar day from the first to the
 * last trading day, the mean of the trading days' values in the window. Days whose window
 * holds fewer than `minDays` trading days get `undefined`, so long breaks stay gaps while
 * a weekend does not break the curve.
 */
export function movingAverage(points: readonly DayValue[], options: MovingAverageOptions = {}): { time: number; value: number | undefined }[] {
  const { windowDays = 7, minDays = 4 } = options;
  if (points.length === 0) return [];
  const out: { time: number; value: number | undefined }[] = [];
  let start = 0;
  let end = 0;
  let sum = 0;
  const last = points[points.length - 1].time;
  for (let t = points[0].time; t <= last; t += DAY_MS) {
    while (end < points.length && points[end].time <= t) sum += points[end++].value;
    while (start < end && points[start].time <= t - windowDays * DAY_MS) sum -= points[start++].value;
    const n = end - start;
    out.push({ time: t, value: n >= minDays ? sum / n : undefined });
  }
  return out;
}
