/**
 * Money is exact: an integer number of thousandths of the currency unit
 * ("milli", £0.001). Unit prices in the data carry at most 3 decimals, so
 * quantity × unit price and every sum of them stay integers, and integers up
 * to 2^53 − 1 (£9,007,199,254,740.991) are exact in a JS number. Cleaning keeps
 * every amount and total it produces within that range: a line whose amount, or
 * whose addition to its item or its partition, would leave it is quarantined, and
 * merging partitions past it is an error, so a `Milli` is never a rounded value.
 */
export type Milli = number;
