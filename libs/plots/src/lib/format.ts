import type { Pounds } from '@ecomlake/model';

/** Typographic minus, as d3-format writes it. */
const MINUS = '\u2212';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * `£950`, `£12.5k`, `£1.2M`, `£3bn`: three significant digits at most, trailing zeros dropped.
 * For axis ticks and summaries of float `Pounds` (`toPounds` from `@ecomlake/model`); exact
 * money for people is `formatMoney`, also from `@ecomlake/model`.
 */
export function formatPoundsCompact(pounds: Pounds): string {
  if (!Number.isFinite(pounds)) return '–';
  const abs = Math.abs(pounds);
  const [scaled, suffix] =
    abs >= 1e9 ? [abs / 1e9, 'bn'] : abs >= 1e6 ? [abs / 1e6, 'M'] : abs >= 1e3 ? [abs / 1e3, 'k'] : [abs, ''];
  let digits = scaled === 0 ? '0' : String(Number(scaled.toPrecision(3)));
  // 999.95k rounds to "1000k": say "1M" instead.
  if (suffix !== 'bn' && Number(digits) >= 1000) return formatPoundsCompact(Math.sign(pounds) * (suffix === '' ? 1e3 : suffix === 'k' ? 1e6 : 1e9));
  if (digits.includes('e')) digits = scaled.toFixed(0);
  return `${pounds < 0 && digits !== '0' ? MINUS : ''}£${digits}${suffix}`;
}

/** `18,532` */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const body = group(Math.abs(n).toFixed(0));
  return n < 0 && body !== '0' ? MINUS + body : body;
}

/** `1234567.50` → `1,234,567.50` (Intl would do it, but its first use costs ~100 ms). */
function group(fixed: string): string {
  const [whole, fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** `2010-12` → `Dec 2010` */
export function formatMonth(month: string): string {
  const [year, m] = month.split('-');
  const name = MONTHS[Number(m) - 1];
  return name && year ? `${name} ${year}` : month;
}

/** `2010-12-01` → `1 Dec 2010` */
export function formatDay(day: string): string {
  const [year, m, d] = day.split('-');
  const name = MONTHS[Number(m) - 1];
  return name && year && d ? `${Number(d)} ${name} ${year}` : day;
}

/** Short month name of a UTC date: `Dec`. */
export function monthAbbrev(date: Date): string {
  return MONTHS[date.getUTCMonth()];
}
