import { milli, type CountryMonthSales, type DailyRevenue, type Milli, type OrderValue } from '@ecomlake/model';

/** One country's sales over a whole answer. */
/** Money given back by cancellations, booked on the day they happen; only where they are known (read from aggregates). */
export interface Cancellations {
  /** Cancellation rows. */
  cancellations?: number;
  /** Their amount (≤ 0). */
  cancelledMilli?: Milli;
  /** Revenue plus `cancelledMilli`. */
  netRevenueMilli?: Milli;
}

export interface CountryTotal extends Cancellations {
  country: string;
  revenueMilli: Milli;
  orders: number;
}

/** Per country, summed over months; largest revenue first (ties by name). An invoice lies in one month, so orders add up. */
export function countryTotals(months: readonly CountryMonthSales[]): CountryTotal[] {
  const byCountry = new Map<string, CountryTotal>();
  for (const month of months) {
    const total = byCountry.get(month.country) ?? { country: month.country, revenueMilli: milli(0), orders: 0 };
    total.revenueMilli = milli(total.revenueMilli + month.revenueMilli);
    total.orders += month.orders;
    byCountry.set(month.country, total);
  }
  return [...byCountry.values()].sort((a, b) => b.revenueMilli - a.revenueMilli || (a.country < b.country ? -1 : 1));
}

export interface OrderSummary extends Cancellations {
  orders: number;
  revenueMilli: Milli;
  /** Revenue per order, rounded to the nearest Milli; undefined without orders. */
  averageOrderMilli?: Milli;
}

/** How many orders, their revenue and the average order value. */
export function orderSummary(orders: readonly OrderValue[]): OrderSummary {
  const revenueMilli = milli(orders.reduce((sum, order) => sum + order.valueMilli, 0));
  return {
    orders: orders.length,
    revenueMilli,
    ...(orders.length > 0 ? { averageOrderMilli: milli(Math.round(revenueMilli / orders.length)) } : {}),
  };
}

/** The day with the most revenue (the earliest of ties), or undefined for no days. */
export function busiestDay(daily: readonly DailyRevenue[]): DailyRevenue | undefined {
  return daily.reduce<DailyRevenue | undefined>((best, day) => (!best || day.revenueMilli > best.revenueMilli ? day : best), undefined);
}
