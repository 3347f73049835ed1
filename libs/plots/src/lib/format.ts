import type { Milli } from '@ecomlake/model';

/** Typographic minus, as d3-format writes it. */
const MINUS = '\u2212';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** Exact thousandths of £ to pounds; only for scales and display. */
export function milliToPounds(milli: Milli): number {
  return milli / 1000;
}

/** `£1,234.56` (pence shown below £1,000 unless `decimals` says otherwise). */
export function formatPounds(pounds: number, decimals = Math.abs(pounds) < 1000 ? 2 : 0): string {
  if (!Number.isFinite(pounds)) return '–';
  const body = new Intl.NumberFormat('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(Math.abs(pounds));
  return `${pounds < 0 && Number(body.replace(/,/g, '')) !== 0 ? MINUS : ''}£${body}`;
}

/** `£950`, `£12.5k`, `£1.2M`, `£3bn`: three significant digits at most, trailing zeros dropped. */
export function formatPoundsCompact(pounds: number): string {
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
  return Number.isFinite(n) ? grouped.format(n).replace('-', MINUS) : '–';
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
