// Runs every named query against a loaded table and compares each answer with the same
// aggregate computed directly from the items that were loaded.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { milli, type OrderItem } from '@ecomlake/model';
import { createQueries } from '../lib/create-queries';
import type { RunOptions } from '../lib/executor';
import { expectedCountryMonths, expectedDaily, expectedOrders, select } from './expected';

const byInvoice = <T extends { invoiceNo: string }>(orders: readonly T[]) => [...orders].sort((a, b) => a.invoiceNo.localeCompare(b.invoiceNo));
const sum = (items: readonly OrderItem[]) => items.reduce((total, item) => total + item.totalAmountMilli, 0);

export interface CheckPlan {
  /** Days for revenueOnDate. */
  days: string[];
  /** A range for revenueBetween. */
  between: [string, string];
  /** salesByCountry calls. */
  countries: { country: string; from?: string; to?: string }[];
  /** ordersByCustomer calls. */
  customers: string[];
  /** orderValues by query of named countries. */
  valueCountries: string[];
}

/** The countries and customers with the most items, and days spread over the data. */
export function planFor(items: readonly OrderItem[]): CheckPlan {
  const count = (key: (item: OrderItem) => string | undefined) => {
    const counts = new Map<string, number>();
    for (const item of items) {
      const k = key(item);
      if (k !== undefined) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k]) => k);
  };
  const days = count((item) => item.invoiceDay).sort();
  const countries = count((item) => item.country);
  const customers = count((item) => item.customerId);
  const middle = days[Math.floor(days.length / 2)];
  return {
    days: [days[0], middle, days[days.length - 1]],
    between: [days[0], days[Math.min(days.length - 1, 20)]],
    countries: [{ country: countries[0], from: middle, to: days[days.length - 1] }, { country: countries[1] }, { country: countries[countries.length - 1] }],
    customers: [customers[0], customers[Math.floor(customers.length / 2)]],
    valueCountries: countries.slice(1, 3),
  };
}

/** Runs every query once and throws (via expect) on the first difference. Returns the stats per query. */
export async function checkAllQueries(client: DynamoDBClient, table: string, items: readonly OrderItem[], plan: CheckPlan, options: RunOptions = {}) {
  const q = createQueries(client, table, options);
  const stats: Record<string, unknown> = {};

  const overview = await q.salesOverview();
  stats.salesOverview = overview.stats;
  expect(overview.data.countryMonths).toEqual(expectedCountryMonths(items));
  const orders = expectedOrders(items);
  expect(byInvoice(overview.data.orderValues)).toEqual(byInvoice(orders));
  expect(overview.data.orderValues.reduce((total, order) => total + order.valueMilli, 0)).toBe(sum(items));

  for (const day of plan.days) {
    const { data } = await q.revenueOnDate(day);
    expect(data).toEqual(expectedDaily(select(items, { from: day, to: day }))[0]);
  }
  const [from, to] = plan.between;
  expect((await q.revenueBetween(from, to)).data).toEqual(expectedDaily(select(items, { from, to })));

  for (const { country, from: start, to: end } of plan.countries) {
    const result = await q.salesByCountry(country, { from: start, to: end });
    stats[`salesByCountry ${country}`] = result.stats;
    const expected = select(items, { country, from: start, to: end });
    expect(result.data.daily).toEqual(expectedDaily(expected));
    expect(result.data.revenueMilli).toBe(sum(expected));
    expect(result.data.items).toBe(expected.length);
  }

  for (const customerId of plan.customers) {
    const { data } = await q.ordersByCustomer(customerId);
    expect(byInvoice(data)).toEqual(byInvoice(expectedOrders(select(items, { customerId }))));
  }

  const values = await q.orderValues({ countries: plan.valueCountries, min: milli(1_000), max: milli(1_000_000) });
  expect(byInvoice(values.data)).toEqual(
    byInvoice(orders.filter((o) => plan.valueCountries.includes(o.country) && o.valueMilli >= 1_000 && o.valueMilli <= 1_000_000)),
  );
  return stats;
}
