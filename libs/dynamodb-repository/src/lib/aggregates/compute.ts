import { milli, type CancellationAmount, type DayCountryAggregate, type OrderItem, type PackedOrder } from '@ecomlake/model';
import { itemKey } from '../marshal';
import { isReservedInvoiceNo } from '../partition-records';

/**
 * The exact aggregates of some items (and the cancellations of the same days), one per day
 * and country, sorted by day, then country. Like a load, a repeated key counts once (the
 * last item wins, as a second Put would), and items the loader refuses (InvoiceNo starting
 * with `#`) are not counted. Without `cancellations` they are unknown
 * (`cancellationsKnown: false`); pass `[]` for "none".
 *
 * An invoice whose items name two countries is packed in each, with the value and lines
 * of its items there (so country revenue and orders stay exact); merging a day's packed
 * orders by invoice number gives its whole value. The real data has no such invoice.
 */
export function computeAggregates(items: Iterable<OrderItem>, cancellations?: Iterable<CancellationAmount>): DayCountryAggregate[] {
  const latest = new Map<string, OrderItem>();
  for (const item of items) {
    if (isReservedInvoiceNo(item.invoiceNo)) continue;
    const key = itemKey(item);
    latest.delete(key);
    latest.set(key, item);
  }
  const builder = aggregateBuilder();
  for (const item of latest.values()) builder.add(itemPart(item, cancellations !== undefined));
  for (const cancellation of cancellations ?? []) {
    builder.add({
      day: cancellation.invoiceDay,
      country: cancellation.country,
      revenueMilli: milli(0),
      items: 0,
      orders: [],
      cancellations: 1,
      cancelledMilli: cancellation.amountMilli,
      cancellationsKnown: true,
    });
  }
  return builder.result();
}

/** The fields of an item that aggregates use (what `rebuildAggregates` reads). */
export type AggregatedFields = Pick<OrderItem, 'invoiceNo' | 'invoiceDate' | 'invoiceDay' | 'country' | 'totalAmountMilli' | 'customerId'>;

/** One item as a part of its day and country's aggregate. */
export function itemPart(item: AggregatedFields, cancellationsKnown: boolean): DayCountryAggregate {
  return {
    day: item.invoiceDay,
    country: item.country,
    revenueMilli: item.totalAmountMilli,
    items: 1,
    orders: [{ invoiceNo: item.invoiceNo, ...(item.customerId !== undefined ? { customerId: item.customerId } : {}), invoiceDate: item.invoiceDate, valueMilli: item.totalAmountMilli, lines: 1 }],
    cancellations: 0,
    cancelledMilli: milli(0),
    cancellationsKnown,
  };
}

interface Cell {
  day: string;
  country: string;
  revenue: number;
  items: number;
  cancellations: number;
  cancelled: number;
  known: boolean;
  orders: Map<string, PackedOrder>;
}

/**
 * Sums parts of aggregates into one aggregate per day and country: the one rule shared by
 * `computeAggregates` (a part per item) and the reader (chunks, and partitions sharing a
 * day). Orders merge by invoice number: values and lines add up, the earliest date and the
 * smallest customer id are kept; cancellations are known only if known in every part.
 */
export function aggregateBuilder(): { add(part: DayCountryAggregate): void; result(): DayCountryAggregate[] } {
  const cells = new Map<string, Cell>();
  return {
    add(part) {
      const key = `${part.day}\u0000${part.country}`;
      let cell = cells.get(key);
      if (!cell) {
        cell = { day: part.day, country: part.country, revenue: 0, items: 0, cancellations: 0, cancelled: 0, known: true, orders: new Map() };
        cells.set(key, cell);
      }
      cell.revenue += part.revenueMilli;
      cell.items += part.items;
      cell.cancellations += part.cancellations;
      cell.cancelled += part.cancelledMilli;
      cell.known &&= part.cancellationsKnown;
      for (const order of part.orders) {
        const found = cell.orders.get(order.invoiceNo);
        cell.orders.set(order.invoiceNo, found ? mergeOrders(found, order) : { ...order });
      }
    },
    result() {
      return [...cells.values()]
        .sort((a, b) => compare(a.day, b.day) || compare(a.country, b.country))
        .map((cell) => ({
          day: cell.day,
          country: cell.country,
          revenueMilli: milli(cell.revenue),
          items: cell.items,
          orders: [...cell.orders.values()].sort((a, b) => compare(a.invoiceDate, b.invoiceDate) || compare(a.invoiceNo, b.invoiceNo)),
          cancellations: cell.known ? cell.cancellations : 0,
          cancelledMilli: milli(cell.known ? cell.cancelled : 0),
          cancellationsKnown: cell.known,
        }));
    },
  };
}

function mergeOrders(a: PackedOrder, b: PackedOrder): PackedOrder {
  const customers = [a.customerId, b.customerId].filter((id): id is string => id !== undefined).sort(compare);
  return {
    invoiceNo: a.invoiceNo,
    ...(customers.length > 0 ? { customerId: customers[0] } : {}),
    invoiceDate: a.invoiceDate <= b.invoiceDate ? a.invoiceDate : b.invoiceDate,
    valueMilli: milli(a.valueMilli + b.valueMilli),
    lines: a.lines + b.lines,
  };
}

/** Code-unit order, as the queries sort (not locale order). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
