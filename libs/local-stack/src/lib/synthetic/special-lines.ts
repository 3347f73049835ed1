import { randomInt, type Random } from './prng';

/** A non-product line (postage, fees, vouchers): what replaces the stock item on the line. */
export interface SpecialLine {
  readonly code: string;
  readonly description: string;
  readonly quantity: number;
  readonly priceMilli: number;
}

const POSTAGE_MILLI = [15000, 18000, 18000, 28000, 40000];
const VOUCHER_POUNDS = [10, 20, 20, 30, 40, 50];

/**
 * The real data's service codes, at roughly their real rates (gift vouchers, the one
 * source of `£`, a little more often so small datasets contain them). Null: an ordinary item.
 */
export function pickSpecialLine(rand: Random, home: boolean, guest: boolean): SpecialLine | null {
  const r = rand();
  if (r < 0.001) return { code: 'M', description: 'Manual', quantity: 1, priceMilli: 190 + randomInt(rand, 20000) * 10 };
  if (r < 0.0013) return { code: 'C2', description: 'CARRIAGE', quantity: 1, priceMilli: 50000 };
  if (r < 0.0015) return { code: 'BANK CHARGES', description: 'Bank Charges', quantity: 1, priceMilli: 15000 };
  if (r < 0.002) {
    const pounds = VOUCHER_POUNDS[randomInt(rand, VOUCHER_POUNDS.length)];
    // Sold net of VAT: the £20 voucher lists at 16.67.
    const priceMilli = Math.round((pounds * 100) / 1.2) * 10;
    return { code: `gift_0001_${pounds}`, description: `Dotcomgiftshop Gift Voucher £${pounds}.00`, quantity: 1, priceMilli };
  }
  if (r < 0.0022) return { code: 'PADS', description: 'PADS TO MATCH ALL CUSHIONS', quantity: 1, priceMilli: 1 };
  if (!home && r < 0.0322) {
    return { code: 'POST', description: 'POSTAGE', quantity: 1 + randomInt(rand, 3), priceMilli: POSTAGE_MILLI[randomInt(rand, 5)] };
  }
  if (home && guest && r < 0.0072) {
    return { code: 'DOT', description: 'DOTCOM POSTAGE', quantity: 1, priceMilli: (10000 + randomInt(rand, 140000)) * 10 };
  }
  return null;
}

/** A line of a cancellation that refunds a discount rather than an item. */
export function discountLine(rand: Random): SpecialLine {
  return { code: 'D', description: 'Discount', quantity: -1, priceMilli: (100 + randomInt(rand, 5000)) * 10 };
}

/** Written off debts: the only negative prices in the real data, on `A`-prefixed invoices. */
export function badDebtLine(rand: Random): SpecialLine {
  return { code: 'B', description: 'Adjust bad debt', quantity: 1, priceMilli: -(100000 + randomInt(rand, 1500000)) * 10 };
}
