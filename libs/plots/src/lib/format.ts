/** Typographic minus, as d3-format writes it. */
const MINUS = '\u2212';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Money is not formatted here: amounts in labels, tooltips and descriptions use formatMoney
// (exact Milli) or formatPounds (float statistics), ticks and scale legends formatMoneyCompact,
// all from @ecomlake/model, so a chart prints money as the report and the terminal do.

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
