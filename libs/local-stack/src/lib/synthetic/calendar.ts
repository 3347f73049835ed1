import { weightedPicker, randomInt, type Random } from './prng';

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Average lines per trading day by calendar month in the real data (Dec 2010 to Dec
 * 2011): flat through the summer, rising from September to the November peak.
 */
const LINES_PER_DAY_BY_MONTH = [1464, 1154, 1361, 1425, 1481, 1418, 1520, 1357, 1932, 2336, 3258, 2429];
/** Relative volume by weekday, Sunday first; Saturday never trades. */
const WEEKDAY_FACTOR = [0.65, 1.0, 1.0, 0.9, 1.0, 0.85, 0];
/** UK bank holidays (and the 2011 royal wedding) on which the real shop was closed. */
const CLOSED = new Set([
  '2010-05-03', '2010-05-31', '2010-08-30',
  '2011-04-22', '2011-04-24', '2011-04-25', '2011-04-29', '2011-05-02', '2011-05-30', '2011-08-29',
  '2012-04-06', '2012-04-09', '2012-05-07', '2012-06-04', '2012-06-05', '2012-08-27',
]);

/** Parses `YYYY-MM-DD` to a UTC epoch day, or null if it is not a real calendar day. */
export function parseDay(text: string): number | null {
  const m = ISO_DAY.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return formatDay(ms / DAY_MS) === text ? ms / DAY_MS : null;
}

export function formatDay(epochDay: number): string {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

/** Saturdays, the Christmas break (24 Dec to 3 Jan) and bank holidays have no trading. */
export function isTradingDay(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  const monthDay = day.slice(5);
  if (weekday === 6 || CLOSED.has(day)) return false;
  return !(monthDay >= '12-24' || monthDay <= '01-03');
}

/** The trading days in [from, to] with their relative share of lines. */
export function tradingDays(fromDay: number, toDay: number): { day: string; weight: number }[] {
  const days: { day: string; weight: number }[] = [];
  for (let d = fromDay; d <= toDay; d++) {
    const day = formatDay(d);
    if (!isTradingDay(day)) continue;
    const date = new Date(d * DAY_MS);
    const weight = LINES_PER_DAY_BY_MONTH[date.getUTCMonth()] * WEEKDAY_FACTOR[date.getUTCDay()];
    days.push({ day, weight });
  }
  return days;
}

/** Lines by hour of the day in the real data: 07:00 to 20:59, busiest around noon. */
const pickHour = weightedPicker<number>([
  [7, 383], [8, 8909], [9, 34332], [10, 49037], [11, 57674], [12, 78709], [13, 72259],
  [14, 67471], [15, 77519], [16, 54516], [17, 28509], [18, 7974], [19, 3705], [20, 871],
]);

/** A minute of the trading day, distributed like the real invoice times. */
export function randomMinuteOfDay(rand: Random): number {
  return pickHour(rand) * 60 + randomInt(rand, 60);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** `2010-12-01 08:26:00`, the real export's timestamp format. */
export function formatTimestamp(day: string, minuteOfDay: number): string {
  return `${day} ${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}:00`;
}

/** The same timestamp moved to the day after the month's last (2011-02-29, 2011-04-31): never valid. */
export function impossibleTimestamp(timestamp: string): string {
  const year = Number(timestamp.slice(0, 4));
  const month = Number(timestamp.slice(5, 7));
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${timestamp.slice(0, 8)}${lastDay + 1}${timestamp.slice(10)}`;
}
