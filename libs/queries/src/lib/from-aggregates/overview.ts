import { milli, type CountryMonthSales, type DailyRevenue, type DayCountryAggregate, type Milli, type OrderValue } from '@ecomlake/model';
import type { CountrySales } from '../definitions/sales-by-country';
import type { SalesOverview } from '../definitions/sales-overview';
import { countryTotals, orderSummary, type Cancellations } from '../summaries';


/**
 * The report's data from day × country aggregates, exactly as the scan path computes it from
 * items: orders are distinct invoice numbers (an invoice counts once per country and month,
 * once per day in the trend, once overall), money is summed in integers, the sort orders are
 * the scan path's. Net revenue is added where every aggregate knows its cancellations.
 */
export function overviewOf(aggregates: readonly DayCountryAggregate[], country?: string): SalesOverview {
  const cells = new Map<string, { country: string; month: string; revenueMilli: number; invoices: Set<string> }>();
  const invoices = new Map<string, OrderValue>();
  for (const a of aggregates) {
    const month = a.day.slice(0, 7);
    const key = `${a.country}\u0000${month}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { country: a.country, month, revenueMilli: 0, invoices: new Set() }));
    cell.revenueMilli += a.revenueMilli;
    for (const order of a.orders) {
      cell.invoices.add(order.invoiceNo);
      const found = invoices.get(order.invoiceNo);
      if (!found) {
        invoices.set(order.invoiceNo, {
          invoiceNo: order.invoiceNo,
          country: a.country,
          ...(order.customerId !== undefined ? { customerId: order.customerId } : {}),
          invoiceDate: order.invoiceDate,
          valueMilli: order.valueMilli,
          lines: order.lines,
        });
        continue;
      }
      // An invoice split across countries or days (never in the UCI data) is one order, as in the scan path.
      found.valueMilli = milli(found.valueMilli + order.valueMilli);
      found.lines += order.lines;
      if (order.invoiceDate < found.invoiceDate) found.invoiceDate = order.invoiceDate;
    }
  }
  const countryMonths: CountryMonthSales[] = [...cells.values()]
    .filter((c) => c.invoices.size > 0)
    .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : a.month < b.month ? -1 : 1))
    .map(({ country: c, month, revenueMilli, invoices: set }) => ({ country: c, month, revenueMilli: milli(revenueMilli), orders: set.size }));
  const orderValues = [...invoices.values()].sort((a, b) =>
    a.country < b.country ? -1 : a.country > b.country ? 1 : a.valueMilli - b.valueMilli || (a.invoiceNo < b.invoiceNo ? -1 : 1),
  );
  const overview: SalesOverview = {
    countryMonths,
    orderValues,
    countries: countryTotals(countryMonths),
    summary: orderSummary(orderValues),
    ...(country !== undefined && { countrySales: countrySalesOf(aggregates, country) }),
  };
  if (!aggregates.every((a) => a.cancellationsKnown)) return overview;
  // Net of cancellations where every aggregate knows them (not after a rebuild from the table).
  const byCountry = new Map<string, DayCountryAggregate[]>();
  for (const a of aggregates) byCountry.set(a.country, [...(byCountry.get(a.country) ?? []), a]);
  return {
    ...overview,
    summary: { ...overview.summary, ...netOf(aggregates, overview.summary.revenueMilli) },
    countries: overview.countries.map((t) => ({ ...t, ...netOf(byCountry.get(t.country) ?? [], t.revenueMilli) })),
  };
}

/** One country's sales and daily series (days with sales only, as the scan path gives them). */
export function countrySalesOf(aggregates: readonly DayCountryAggregate[], country: string): CountrySales {
  const days = new Map<string, { revenueMilli: number; invoices: Set<string>; cancelledMilli: number; known: boolean }>();
  let items = 0;
  for (const a of aggregates) {
    if (a.country !== country) continue;
    items += a.items;
    let day = days.get(a.day);
    if (!day) days.set(a.day, (day = { revenueMilli: 0, invoices: new Set(), cancelledMilli: 0, known: true }));
    day.revenueMilli += a.revenueMilli;
    day.cancelledMilli += a.cancelledMilli;
    day.known &&= a.cancellationsKnown;
    for (const order of a.orders) day.invoices.add(order.invoiceNo);
  }
  const daily: DailyRevenue[] = [...days.entries()]
    .filter(([, d]) => d.invoices.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, d]) => ({ day, revenueMilli: milli(d.revenueMilli), orders: d.invoices.size, ...(d.known && { netRevenueMilli: milli(d.revenueMilli + d.cancelledMilli) }) }));
  return {
    country,
    revenueMilli: milli(daily.reduce((sum, d) => sum + d.revenueMilli, 0)),
    orders: daily.reduce((sum, d) => sum + d.orders, 0),
    items,
    daily,
  };
}

/** Revenue and distinct orders of each day with sales, over all countries. */
export function dailyOf(aggregates: readonly DayCountryAggregate[]): DailyRevenue[] {
  const days = new Map<string, { revenueMilli: number; invoices: Set<string> }>();
  for (const a of aggregates) {
    let day = days.get(a.day);
    if (!day) days.set(a.day, (day = { revenueMilli: 0, invoices: new Set() }));
    day.revenueMilli += a.revenueMilli;
    for (const order of a.orders) day.invoices.add(order.invoiceNo);
  }
  return [...days.entries()]
    .filter(([, d]) => d.invoices.size > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, d]) => ({ day, revenueMilli: milli(d.revenueMilli), orders: d.invoices.size }));
}

function netOf(aggregates: readonly DayCountryAggregate[], grossMilli: Milli): Required<Cancellations> {
  const cancelledMilli = milli(aggregates.reduce((sum, a) => sum + a.cancelledMilli, 0));
  return { cancellations: aggregates.reduce((n, a) => n + a.cancellations, 0), cancelledMilli, netRevenueMilli: milli(grossMilli + cancelledMilli) };
}
