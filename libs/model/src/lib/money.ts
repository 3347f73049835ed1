/**
 * Money is exact: an integer number of thousandths of the currency unit
 * ("milli", £0.001). Unit prices in the data carry at most 3 decimals, so
 * quantity × unit price and every sum of them stay integers, and integers up
 * to 2^53 (≈ 9 × 10^12 pounds) are exact in a JS number.
 */
export type Milli = number;
