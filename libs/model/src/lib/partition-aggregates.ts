import type { Milli } from './money';

/**
 * One invoice as a day's aggregate keeps it: enough to rebuild `OrderValue` (the
 * histograms, the order summary) and to count distinct orders, without its lines.
 */
export interface PackedOrder {
  invoiceNo: string;
  /** Absent for guests; for an invoice naming several customers, the smallest. */
  customerId?: string;
  /** Earliest line date of the invoice (ISO local time, `YYYY-MM-DDTHH:mm:ss`). */
  invoiceDate: string;
  /** Sum of the invoice's items (in this day and country), exact. */
  valueMilli: Milli;
  /** Its items (rows after keying) in this day and country. */
  lines: number;
}

/**
 * The exact sales of one day in one country: what the report's questions need, so they
 * read a few small records instead of every item. Net revenue is
 * `revenueMilli + cancelledMilli` (cancellations are booked on the day they happen).
 */
export interface DayCountryAggregate {
  /** `YYYY-MM-DD` */
  day: string;
  country: string;
  /** Gross revenue: the sum of the clean items' amounts. */
  revenueMilli: Milli;
  /** Clean items (rows after keying). */
  items: number;
  /** Every invoice of the day and country, sorted by date, then invoice number. */
  orders: PackedOrder[];
  /** Cancellation rows that day and country. */
  cancellations: number;
  /** Their amount (≤ 0: money given back). */
  cancelledMilli: Milli;
  /**
   * False when the cancellations are not known (aggregates rebuilt from a table, which
   * holds no cancellation rows): `cancellations` and `cancelledMilli` are then 0 and net
   * revenue is not available.
   */
  cancellationsKnown: boolean;
}

/** One cancellation row, as an aggregate counts it. */
export interface CancellationAmount {
  /** `YYYY-MM-DD`: the day the cancellation happened. */
  invoiceDay: string;
  country: string;
  /** Its amount (quantity × unit price; ≤ 0 for a cancellation). */
  amountMilli: Milli;
}
