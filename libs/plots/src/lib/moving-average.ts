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
  /** Longest run of days without trading that the curve bridges (a weekend); longer runs are gaps. Default 2. */
  bridgeDays?: number;
}

/**
 * Trailing moving average over calendar days: for each calendar day from the first to the
 * last trading day, the mean of the trading days' values in the window. A day gets
 * `undefined` when its window holds fewer than `minDays` trading days or when it lies in a
 * run of more than `bridgeDays` days without trading: a weekend does not break the curve,
 * the Christmas break does.
 */
export function movingAverage(points: readonly DayValue[], options: MovingAverageOptions = {}): { time: number; value: number | undefined }[] {
  const { windowDays = 7, minDays = 4, bridgeDays = 2 } = options;
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
    // end − 1 is the latest trading day ≤ t; end the next one after t.
    const trading = points[end - 1].time === t;
    const bridged = trading || (end < points.length && (points[end].time - points[end - 1].time) / DAY_MS - 1 <= bridgeDays);
    out.push({ time: t, value: n >= minDays && bridged ? sum / n : undefined });
  }
  return out;
}
