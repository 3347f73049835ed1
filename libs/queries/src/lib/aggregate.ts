import { milli, type CountryMonthSales, type DailyRevenue, type Milli, type OrderValue } from '@ecomlake/model';
import type { Row } from './definition';

/** Folds a query's rows, one at a time, into its answer. */
export interface RowAccumulator<Result> {
  add(row: Row): void;
  result(): Result;
}

/** Revenue and distinct invoices per day. */
export function dailyRevenue(): RowAccumulator<DailyRevenue[]> {
  const days = new Map<string, { revenueMilli: number; invoices: Set<string> }>();
  return {
    add(row: Row) {
      const day = (row.invoiceDate as string).slice(0, 10);
      let entry = days.get(day);
      if (!entry) days.set(day, (entry = { revenueMilli: 0, invoices: new Set() }));
      entry.revenueMilli += row.totalAmountMilli as number;
      entry.invoices.add(row.invoiceNo as string);
    },
    result(): DailyRevenue[] {
      return [...days.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([day, entry]) => ({ day, revenueMilli: milli(entry.revenueMilli), orders: entry.invoices.size }));
    },
  };
}

/** Per invoice: total, lines, earliest date, country and customer. */
export function invoiceTotals(): RowAccumulator<OrderValue[]> {
  const invoices = new Map<string, OrderValue>();
  return {
    add(row: Row) {
      const invoiceNo = row.invoiceNo as string;
      const found = invoices.get(invoiceNo);
      if (!found) {
        invoices.set(invoiceNo, {
          invoiceNo,
          country: row.country as string,
          ...(row.customerId !== undefined ? { customerId: row.customerId } : {}),
          invoiceDate: row.invoiceDate as string,
          valueMilli: row.totalAmountMilli as Milli,
          lines: 1,
        });
        return;
      }
      found.valueMilli = milli(found.valueMilli + (row.totalAmountMilli as Milli));
      found.lines += 1;
      if ((row.invoiceDate as string) < found.invoiceDate) found.invoiceDate = row.invoiceDate as string;
    },
    /** Orders sorted by date, then invoice number. */
    result(): OrderValue[] {
      return [...invoices.values()].sort((a, b) => (a.invoiceDate < b.invoiceDate ? -1 : a.invoiceDate > b.invoiceDate ? 1 : a.invoiceNo < b.invoiceNo ? -1 : 1));
    },
  };
}

/** Revenue and distinct invoices per country and month. */
export function countryMonths(): RowAccumulator<CountryMonthSales[]> {
  const cells = new Map<string, { country: string; month: string; revenueMilli: number; invoices: Set<string> }>();
  return {
    add(row: Row) {
      const country = row.country as string;
      const month = (row.invoiceDate as string).slice(0, 7);
      const key = `${country}\u0000${month}`;
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { country, month, revenueMilli: 0, invoices: new Set() }));
      cell.revenueMilli += row.totalAmountMilli as number;
      cell.invoices.add(row.invoiceNo as string);
    },
    /** Sorted by country, then month. */
    result(): CountryMonthSales[] {
      return [...cells.values()]
        .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : a.month < b.month ? -1 : 1))
        .map(({ country, month, revenueMilli, invoices }) => ({ country, month, revenueMilli: milli(revenueMilli), orders: invoices.size }));
    },
  };
}
