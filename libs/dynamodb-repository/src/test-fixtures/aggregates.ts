import { milli, type DayCountryAggregate, type PackedOrder } from '@ecomlake/model';
import type { DynamoRecord } from '../lib/marshal';

/** DynamoDB's item size: attribute names plus values (UTF-8 strings, binary bytes, ~digits/2 + 1 for numbers). */
export function itemBytes(record: DynamoRecord): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(record)) {
    bytes += Buffer.byteLength(name);
    if (value.S !== undefined) bytes += Buffer.byteLength(value.S);
    else if (value.B !== undefined) bytes += value.B.byteLength;
    else if (value.N !== undefined) bytes += Math.ceil(value.N.length / 2) + 1;
    else throw new Error(`unexpected attribute type in ${name}`);
  }
  return bytes;
}

/**
 * A day of `count` orders in one country (orders sorted as aggregates keep them), invoice
 * numbers and amounts varied so gzip cannot shrink them to nothing.
 */
export function bigDay(count: number, day = '2011-03-01'): DayCountryAggregate {
  const orders: PackedOrder[] = Array.from({ length: count }, (_, i) => ({
    invoiceNo: String(600000 + i),
    ...(i % 5 === 0 ? {} : { customerId: String(12000 + ((i * 7919) % 5000)) }),
    invoiceDate: `${day}T${String(8 + (i % 10)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`,
    valueMilli: milli(((i * 104729) % 9_000_000) + 10),
    lines: 1 + (i % 37),
  }));
  orders.sort((a, b) => (a.invoiceDate < b.invoiceDate ? -1 : a.invoiceDate > b.invoiceDate ? 1 : a.invoiceNo < b.invoiceNo ? -1 : 1));
  return {
    day, country: 'United Kingdom',
    revenueMilli: milli(orders.reduce((sum, order) => sum + order.valueMilli, 0)),
    items: orders.reduce((sum, order) => sum + order.lines, 0),
    orders, cancellations: 3, cancelledMilli: milli(-4500), cancellationsKnown: true,
  };
}
