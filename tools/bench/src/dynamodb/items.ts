/** The benchmark's items: read and cleaned, grouped by day, and aggregated the plain way. */
import { cleanFiles, listCsvFiles, orderItems } from '@ecomlake/cleaning';
import { computeAggregates, type LoadPartition } from '@ecomlake/dynamodb-repository';
import type { OrderItem } from '@ecomlake/model';
import type { Row } from '@ecomlake/queries';

/** The bubble map's and histograms' aggregates computed the plain way, to compare answers. */
export function plainAggregates(): { add: (row: Row) => void; digest: () => string } {
  const cells = new Map<string, { revenue: number; invoices: Set<string> }>();
  const orders = new Map<string, number>();
  return {
    add(row: Row) {
      const key = `${row.country}|${(row.invoiceDate as string).slice(0, 7)}`;
      const cell = cells.get(key) ?? { revenue: 0, invoices: new Set<string>() };
      cells.set(key, cell);
      cell.revenue += row.totalAmountMilli as number;
      cell.invoices.add(row.invoiceNo as string);
      orders.set(row.invoiceNo as string, (orders.get(row.invoiceNo as string) ?? 0) + (row.totalAmountMilli as number));
    },
    digest: () =>
      JSON.stringify([
        [...cells.entries()].map(([key, cell]) => [key, cell.revenue, cell.invoices.size]).sort(),
        [...orders.entries()].sort(),
      ]),
  };
}

/** The first `limit` cleaned items of the CSV files under `input`, in the cleaner's order. */
export async function loadedItems(input: string, limit: number): Promise<OrderItem[]> {
  const result = await cleanFiles(await listCsvFiles(input), { concurrency: 2 });
  const items: OrderItem[] = [];
  for (const item of orderItems(result.items)) {
    if (items.length >= limit) break;
    items.push(item);
  }
  return items;
}

/** Items grouped by day with their aggregates, as the pipeline's partitions (one raw object per day). */
export function byDay(items: readonly OrderItem[], version = 'v1'): LoadPartition[] {
  const days = new Map<string, OrderItem[]>();
  for (const item of items) {
    let day = days.get(item.invoiceDay);
    if (!day) days.set(item.invoiceDay, (day = []));
    day.push(item);
  }
  return [...days].map(([day, list]) => ({ id: `${day}.csv`, identity: version, items: list, aggregates: computeAggregates(list) }));
}

/** The day with the most items (the first of them on a tie) and its item count: the date query's day. */
export function busiestDay(items: readonly OrderItem[]): { day: string; items: number } {
  const perDay = new Map<string, number>();
  for (const item of items) perDay.set(item.invoiceDay, (perDay.get(item.invoiceDay) ?? 0) + 1);
  const [day, count] = [...perDay.entries()].sort((a, b) => b[1] - a[1])[0];
  return { day, items: count };
}
