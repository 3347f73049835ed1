/** Day arithmetic on `YYYY-MM-DD` strings, in UTC so no time zone moves a day. */

export const DAY_MS = 86_400_000;

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** Milliseconds at UTC midnight of `YYYY-MM-DD`, or undefined if it is not a real day. */
export function parseDay(day: string): number | undefined {
  const m = ISO_DAY.exec(day);
  if (!m) return undefined;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === day ? t : undefined;
}

/** True for a valid `YYYY-MM`. */
export function isMonth(month: string): boolean {
  const m = ISO_MONTH.exec(month);
  return m !== null && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** Every month from `first` to `last` inclusive (`YYYY-MM`), so that gaps in the data stay visible. */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number);
  const [ly, lm] = last.split('-').map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return months;
}
