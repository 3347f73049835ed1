import { milli, type OrderItem } from '@ecomlake/model';

const COUNTRIES = ['United Kingdom', 'United Kingdom', 'United Kingdom', 'Germany', 'France', 'EIRE', 'Spain'];

/**
 * Test data for this lib's tests and the libs above it (`@ecomlake/dynamodb-repository/testing`).
 * Deterministic OrderItems shaped like the real data: invoices of a few lines on one day,
 * mostly UK, some guests (no customerId), prices with up to 3 decimals.
 */
export function makeItems(count: number, options: { seed?: number; firstDay?: string; days?: number } = {}): OrderItem[] {
  const { seed = 1, firstDay = '2011-01-03', days = 20 } = options;
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const start = Date.parse(`${firstDay}T00:00:00Z`);
  const items: OrderItem[] = [];
  let invoice = 540000 + seed * 100000;
  while (items.length < count) {
    invoice += 1;
    const day = new Date(start + Math.floor(random() * days) * 86_400_000).toISOString().slice(0, 10);
    const time = `${String(8 + Math.floor(random() * 10)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00`;
    const country = COUNTRIES[Math.floor(random() * COUNTRIES.length)];
    const customerId = random() < 0.2 ? undefined : String(12000 + Math.floor(random() * 400));
    const lines = 1 + Math.floor(random() * 8);
    for (let line = 0; line < lines && items.length < count; line += 1) {
      const quantity = 1 + Math.floor(random() * 24);
      const unitPriceMilli = milli(10 * (1 + Math.floor(random() * 1500)) + Math.floor(random() * 10));
      items.push({
        invoiceNo: String(invoice),
        stockCode: `${20000 + line * 7 + Math.floor(random() * 5)}${line % 3 === 0 ? 'A' : ''}`,
        description: `ITEM ${line} OF ${invoice}`,
        quantity,
        invoiceDate: `${day}T${time}`,
        unitPriceMilli,
        ...(customerId ? { customerId } : {}),
        country,
        totalAmountMilli: milli(quantity * unitPriceMilli),
        invoiceDay: day,
        month: day.slice(0, 7),
        lineCount: 1,
      });
    }
  }
  return items;
}
