// Expected answers computed the plain way from the items themselves, independent of the
// query code, to compare against what the queries read back from DynamoDB.
import { milli, type CountryMonthSales, type DailyRevenue, type Milli, type OrderItem, type OrderValue } from '@ecomlake/model';

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const sum = (items: readonly OrderItem[]): Milli => milli(items.reduce((total, item) => total + item.totalAmountMilli, 0));
const invoices = (items: readonly OrderItem[]) => new Set(items.map((item) => item.invoiceNo)).size;
const inRange = (item: OrderItem, from = '0000', to = '9999') => item.invoiceDay >= from && item.invoiceDay <= to;

export function expectedDaily(items: readonly OrderItem[]): DailyRevenue[] {
  return [...groupBy(items, (item) => item.invoiceDay).entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, group]) => ({ day, revenueMilli: sum(group), orders: invoices(group) }));
}

export function expectedCountryMonths(items: readonly OrderItem[], from?: string, to?: string): CountryMonthSales[] {
  const selected = items.filter((item) => inRange(item, from, to));
  return [...groupBy(selected, (item) => `${item.country}|${item.month}`).values()]
    .map((group) => ({ country: group[0].country, month: group[0].month, revenueMilli: sum(group), orders: invoices(group) }))
    .sort((a, b) => (a.country < b.country ? -1 : a.country > b.country ? 1 : a.month.localeCompare(b.month)));
}

export function expectedOrders(items: readonly OrderItem[]): OrderValue[] {
  return [...groupBy(items, (item) => item.invoiceNo).entries()].map(([invoiceNo, group]) => ({
    invoiceNo,
    country: group[0].country,
    ...(group[0].customerId ? { customerId: group[0].customerId } : {}),
    invoiceDate: group.reduce((min, item) => (item.invoiceDate < min ? item.invoiceDate : min), group[0].invoiceDate),
    valueMilli: sum(group),
    lines: group.length,
  }));
}

export function select(items: readonly OrderItem[], filter: { country?: string; customerId?: string; from?: string; to?: string }): OrderItem[] {
  return items.filter(
    (item) =>
      (filter.country === undefined || item.country === filter.country) &&
      (filter.customerId === undefined || item.customerId === filter.customerId) &&
      inRange(item, filter.from, filter.to),
  );
}
