/**
 * Money is exact: an integer number of thousandths of the currency unit
 * ("milli", £0.001). Unit prices in the data carry at most 3 decimals, so
 * quantity × unit price and every sum of them stay integers, and integers up
 * to 2^53 − 1 (£9,007,199,254,740.991) are exact in a JS number. Cleaning keeps
 * every amount and total it produces within that range: a line whose amount, or
 * whose addition to its item or its partition, would leave it is quarantined, and
 * merging partitions past it is an error, so a `Milli` is never a rounded value.
 *
 * The brand makes units a compile-time matter: a plain `number` or a `Pounds` passed
 * where `Milli` is expected does not compile (make one with {@link milli}); a `Milli` is
 * still a number, so it compares, sorts and serialises as one. Arithmetic gives a plain
 * `number`: wrap a sum in `milli()` to say it is still exact.
 *
 * Written two ways, and only two: exactly for machines ({@link formatMilli}: JSON, CSV,
 * DynamoDB), and for people to the penny ({@link formatMoney}: `"−£23,009.63"`), rounded
 * once, at print time, half a penny away from zero, on the digits rather than a float.
 */
export type Milli = number & { readonly __unit: 'milli' };

/**
 * A float amount in pounds, for chart scales and labels only: inexact, never stored or
 * summed as money. The brand is open on purpose: any plain number (a d3 tick, a mean) is
 * accepted as pounds, but a `Milli` is not, so thousandths cannot reach a pounds
 * parameter unconverted. Convert with {@link toPounds}.
 */
export type Pounds = number & { readonly __unit?: 'pounds' };

/**
 * Options of the formatters for people ({@link formatMoney}, {@link formatPounds},
 * {@link formatMoneyCompact}).
 */
export interface MoneyFormatOptions {
  /** Written before the digits (after the sign). Default `'£'`. */
  symbol?: string;
  /** Thousands separated with commas (`1,067,763.96`). Default `true`. */
  grouping?: boolean;
}

/** Typographic minus, as d3-format writes it on chart axes: one sign in charts, report and terminal. */
const MINUS = '\u2212';

/**
 * `n` as `Milli`, checked: throws a `RangeError` naming the value unless it is a safe
 * integer (a fraction of a milli, `NaN` or a rounded value past 2^53 is not exact money).
 */
export function milli(n: number): Milli {
  if (!Number.isSafeInteger(n)) throw new RangeError(`Not an exact Milli amount (whole thousandths of a pound): ${n}`);
  return n as Milli;
}

/** Exact thousandths to float pounds (`269320` → `269.32`), for scales and labels only. */
export function toPounds(m: Milli): Pounds {
  return (m / 1000) as Pounds;
}

/**
 * The one exact decimal form of money, in pounds: the shortest decimal that is exactly
 * the amount (`15300` → `"15.3"`, `387970` → `"387.97"`, `1` → `"0.001"`, `12000` →
 * `"12"`, `-1250` → `"-1.25"`). JSON, CSV, DynamoDB and messages all use it. Built from
 * digits, never float division; a `bigint` (an exact total past 2^53) works too.
 * Throws a `RangeError` for a number that is not a safe integer.
 */
export function formatMilli(m: Milli | bigint): string {
  const [negative, whole, fraction] = split(m);
  const trimmed = fraction.replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${trimmed ? `.${trimmed}` : ''}`;
}

/**
 * Money for people, to the penny: `269320` → `"£269.32"`, `15300` → `"£15.30"`,
 * `1067763955` → `"£1,067,763.96"`, `-23009630` → `"−£23,009.63"`, `0` → `"£0.00"`.
 * The one formatter of printed money (terminal tables, report, chart labels and tooltips;
 * chart ticks use {@link formatMoneyCompact} beside it). JSON and CSV keep the exact value
 * ({@link formatMilli}).
 *
 * Rounding, on the exact digits (never a float): half a penny rounds away from zero
 * (`£0.005` → `"£0.01"`, `−£0.005` → `"−£0.01"`, `£1.004` → `"£1.00"`), as
 * `Intl.NumberFormat` and spreadsheets' ROUND do, so a cancellation prints as the negative
 * of the sale it reverses. Only the printed amount is rounded: totals are summed exactly
 * first, so a printed total may differ by pennies from the sum of its printed parts. An
 * amount that rounds to zero has no sign (`−£0.004` → `"£0.00"`). The sign goes before the
 * symbol, as the typographic minus (U+2212) d3 writes on chart axes.
 * Throws a `RangeError` for a number that is not a safe integer (not exact money).
 */
export function formatMoney(m: Milli | bigint, options: MoneyFormatOptions = {}): string {
  const [negative, whole, fraction] = split(m);
  // Half away from zero on the magnitude's digits: add half a penny (5 thousandths), drop the last digit.
  const pennies = (BigInt(whole + fraction) + 5n) / 10n;
  return render(negative, pennies, options);
}

/**
 * An inexact float amount in pounds (a mean, a median, a kernel bandwidth: statistics, not
 * money held) to the penny, in {@link formatMoney}'s form. The float is first taken to its
 * nearest thousandth, then rounded as formatMoney rounds, so `toPounds(m)` prints exactly as
 * `m` does (below £2 trillion, where a double still tells thousandths apart); a float within
 * a twentieth of a penny of a half penny may round up where its exact value would not.
 * `NaN` and infinities print as `"–"`.
 */
export function formatPounds(pounds: Pounds, options: MoneyFormatOptions = {}): string {
  if (!Number.isFinite(pounds)) return '–';
  const thousandths = BigInt(Math.round(Math.abs(pounds) * 1000));
  return render(pounds < 0, (thousandths + 5n) / 10n, options);
}

/**
 * Short money for chart axis ticks and scale legends only, where a tick's place on the
 * axis carries the precision: `£950`, `£12.5k`, `£1.23M`, `£3bn`, `−£20k`; three
 * significant digits at most, trailing zeros dropped. Labels and tooltips that state an
 * amount use {@link formatMoney}. `NaN` and infinities print as `"–"`.
 */
export function formatMoneyCompact(pounds: Pounds, options: Pick<MoneyFormatOptions, 'symbol'> = {}): string {
  const { symbol = '£' } = options;
  if (!Number.isFinite(pounds)) return '–';
  const abs = Math.abs(pounds);
  const [scaled, suffix] =
    abs >= 1e9 ? [abs / 1e9, 'bn'] : abs >= 1e6 ? [abs / 1e6, 'M'] : abs >= 1e3 ? [abs / 1e3, 'k'] : [abs, ''];
  let digits = scaled === 0 ? '0' : String(Number(scaled.toPrecision(3)));
  // 999.95k rounds to "1000k": say "1M" instead.
  if (suffix !== 'bn' && Number(digits) >= 1000) return formatMoneyCompact(Math.sign(pounds) * (suffix === '' ? 1e3 : suffix === 'k' ? 1e6 : 1e9), options);
  if (digits.includes('e')) digits = scaled.toFixed(0);
  return `${pounds < 0 && digits !== '0' ? MINUS : ''}${symbol}${digits}${suffix}`;
}

/** Sign, symbol, grouped pounds and two decimals of a whole number of pennies; a zero has no sign. */
function render(negative: boolean, pennies: bigint, options: MoneyFormatOptions): string {
  const { symbol = '£', grouping = true } = options;
  const digits = String(pennies).padStart(3, '0');
  const whole = digits.slice(0, -2);
  const grouped = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return `${negative && pennies !== 0n ? MINUS : ''}${symbol}${grouped}.${digits.slice(-2)}`;
}

/** Sign, whole pounds and the three decimals of an exact amount, as digit strings. */
function split(m: Milli | bigint): [negative: boolean, whole: string, fraction: string] {
  if (typeof m === 'number' && !Number.isSafeInteger(m)) throw new RangeError(`Not an exact Milli amount: ${m}`);
  const digits = String(m < 0 ? -m : m).padStart(4, '0');
  return [m < 0, digits.slice(0, -3), digits.slice(-3)];
}
