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
 */
export type Milli = number & { readonly __unit: 'milli' };

/**
 * A float amount in pounds, for chart scales and labels only: inexact, never stored or
 * summed as money. The brand is open on purpose: any plain number (a d3 tick, a mean) is
 * accepted as pounds, but a `Milli` is not, so thousandths cannot reach a pounds
 * parameter unconverted. Convert with {@link toPounds}.
 */
export type Pounds = number & { readonly __unit?: 'pounds' };

/** Options of {@link formatMoney}. */
export interface MoneyFormatOptions {
  /** Written before the digits (after the sign). Default `'£'`. */
  symbol?: string;
  /** Thousands separated with commas (`1,067,763.955`). Default `true`. */
  grouping?: boolean;
}

/** Typographic minus, as d3-format and the charts write it. */
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
 * Money for people, every digit kept: `269320` → `"£269.32"`, `15300` → `"£15.30"`,
 * `-1067763955` → `"−£1,067,763.955"` (pence always shown; the third decimal only when
 * it is not zero; a typographic minus). Options: see {@link MoneyFormatOptions}.
 */
export function formatMoney(m: Milli | bigint, options: MoneyFormatOptions = {}): string {
  const { symbol = '£', grouping = true } = options;
  const [negative, whole, fraction] = split(m);
  const digits = grouping ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : whole;
  return `${negative ? MINUS : ''}${symbol}${digits}.${fraction.replace(/0$/, '')}`;
}

/** Sign, whole pounds and the three decimals of an exact amount, as digit strings. */
function split(m: Milli | bigint): [negative: boolean, whole: string, fraction: string] {
  if (typeof m === 'number' && !Number.isSafeInteger(m)) throw new RangeError(`Not an exact Milli amount: ${m}`);
  const digits = String(m < 0 ? -m : m).padStart(4, '0');
  return [m < 0, digits.slice(0, -3), digits.slice(-3)];
}
