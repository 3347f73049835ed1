import { formatTimestamp, randomMinuteOfDay } from './calendar';
import { pickProduct, pickQuantity, type Product } from './catalog';
import { HOME_COUNTRY, pickCountry, pickCustomer } from './countries';
import { formatPrice, quoteField } from './csv-row';
import { randomInt, type Random } from './prng';
import { badDebtLine, discountLine, pickSpecialLine } from './special-lines';

/** Share of invoices that are cancellations (`C` prefix); they are short, so ~2% of lines. */
const CANCELLATION_RATE = 0.135;
/** Share of invoices that are bad-debt adjustments (`A` prefix, one line, negative price). */
const BAD_DEBT_RATE = 0.002;
/** Share of invoices without a customer (guest checkout): ~25% of lines. */
const GUEST_RATE = 0.25;
/** Share of invoices whose CustomerID is written as an integer (`17850`, not `17850.0`). */
const INTEGER_ID_RATE = 0.15;
/** Chance that a line (after an invoice's first) repeats an earlier one exactly: ~1% of lines. */
const DUPLICATE_RATE = 0.0107;
/** Chance that an invoice ends after each line: sales average ~13 lines, cancellations ~2. */
const SALE_STOP = 0.07;
const CANCELLATION_STOP = 0.56;
const MAX_INVOICE_LINES = 50;

type InvoiceKind = 'sale' | 'cancellation' | 'bad-debt';

/** Carried from one day to the next so invoice numbers keep rising across files. */
export interface InvoiceCounter {
  next: number;
}

/**
 * Geometric sizes (many small invoices, a long tail) by coin flips rather than Math.log:
 * basic arithmetic only, so the bytes cannot drift with a runtime's libm.
 */
function invoiceSize(rand: Random, kind: InvoiceKind): number {
  if (kind === 'bad-debt') return 1;
  const stop = kind === 'cancellation' ? CANCELLATION_STOP : SALE_STOP;
  let size = 1;
  while (size < MAX_INVOICE_LINES && rand() >= stop) size++;
  return size;
}

function invoiceKind(rand: Random): InvoiceKind {
  const r = rand();
  return r < BAD_DEBT_RATE ? 'bad-debt' : r < BAD_DEBT_RATE + CANCELLATION_RATE ? 'cancellation' : 'sale';
}

/** Up to three draws to avoid listing the same item twice on one invoice (that would be a duplicate row). */
function freshProduct(rand: Random, used: Product[]): Product {
  let product = pickProduct(rand);
  for (let tries = 0; tries < 3 && used.includes(product); tries++) product = pickProduct(rand);
  used.push(product);
  return product;
}

/**
 * The data lines of one trading day: `count` lines in whole invoices (the last one may be
 * cut short), invoices in time order with rising numbers, every line of an invoice sharing
 * its timestamp, customer and country.
 */
export function generateDayLines(rand: Random, day: string, count: number, counter: InvoiceCounter): string[] {
  const plan: { kind: InvoiceKind; size: number }[] = [];
  for (let left = count; left > 0; ) {
    const kind = invoiceKind(rand);
    const size = Math.min(left, invoiceSize(rand, kind));
    plan.push({ kind, size });
    left -= size;
  }
  const minutes = Int32Array.from(plan, () => randomMinuteOfDay(rand)).sort();

  const lines: string[] = [];
  const used: Product[] = [];
  for (let i = 0; i < plan.length; i++) {
    const { kind, size } = plan[i];
    const number = counter.next++;
    const timestamp = formatTimestamp(day, minutes[i]);
    if (kind === 'bad-debt') {
      const line = badDebtLine(rand);
      lines.push(`A${number},${line.code},${line.description},${line.quantity},${timestamp},${formatPrice(line.priceMilli)},,${HOME_COUNTRY}`);
      continue;
    }
    const invoiceNo = kind === 'cancellation' ? `C${number}` : String(number);
    const country = pickCountry(rand);
    const home = country === HOME_COUNTRY;
    const guest = rand() < GUEST_RATE;
    const customerId = pickCustomer(rand, country);
    const customer = guest ? '' : rand() < INTEGER_ID_RATE ? String(customerId) : `${customerId}.0`;
    const tail = `,${timestamp},`;
    const end = `,${customer},${country}`;
    const first = lines.length;
    used.length = 0;
    for (let j = 0; j < size; j++) {
      if (j > 0 && rand() < DUPLICATE_RATE) {
        lines.push(lines[first + randomInt(rand, j)]);
        continue;
      }
      const sign = kind === 'cancellation' ? -1 : 1;
      const special = kind === 'cancellation' && rand() < 0.08 ? discountLine(rand) : pickSpecialLine(rand, home, guest);
      if (special) {
        const quantity = special.code === 'D' ? special.quantity : sign * special.quantity;
        lines.push(`${invoiceNo},${special.code},${quoteField(special.description)},${quantity}${tail}${formatPrice(special.priceMilli)}${end}`);
        continue;
      }
      const product = freshProduct(rand, used);
      const quantity = sign * pickQuantity(rand);
      const r = rand();
      // Guest lines sometimes lost their description and price (real: ~0.3% of lines).
      if (guest && r < 0.012) {
        lines.push(`${invoiceNo},${product.code},,${quantity}${tail}0.0${end}`);
        continue;
      }
      // Free samples and bulk discounts.
      const price = r >= 0.012 && r < 0.016 ? 0 : r < 0.1 ? Math.round(product.priceMilli * 0.085) * 10 : product.priceMilli;
      lines.push(`${invoiceNo},${product.code},${quoteField(product.description)},${quantity}${tail}${formatPrice(price)}${end}`);
    }
  }
  return lines;
}
