import type { Milli } from './money';

/** Revenue of one day (`YYYY-MM-DD`). Days without trading are absent, not zero. */
export interface DailyRevenue {
  day: string;
  revenueMilli: Milli;
  /** Distinct invoices that day. */
  orders: number;
  /** Revenue net of that day's cancellations; only where they are known (read from aggregates). */
  netRevenueMilli?: Milli;
}

/** The bubble map's datum: one country in one month. */
export interface CountryMonthSales {
  country: string;
  /** `YYYY-MM` */
  month: string;
  revenueMilli: Milli;
  /** Distinct invoices. */
  orders: number;
}

/** One order (invoice) and its total. */
export interface OrderValue {
  invoiceNo: string;
  country: string;
  customerId?: string;
  /** Earliest line date of the invoice, ISO. */
  invoiceDate: string;
  valueMilli: Milli;
  /** Lines (items) in the order. */
  lines: number;
}

/**
 * The read-only view of a column table that writers need. Arquero tables satisfy it
 * structurally, so libraries that write tables need not depend on arquero.
 */
export interface ColumnarTable {
  columnNames(): string[];
  numRows(): number;
  array(name: string): ArrayLike<unknown>;
}
