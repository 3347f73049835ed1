import { milli } from '@ecomlake/model';
import { busiestDay, countryTotals, orderSummary } from './summaries';

describe('summaries', () => {
  it('sums countries over months, largest revenue first, ties by name', () => {
    const months = [
      { country: 'France', month: '2011-01', revenueMilli: milli(5_000), orders: 2 },
      { country: 'EIRE', month: '2011-01', revenueMilli: milli(7_000), orders: 1 },
      { country: 'France', month: '2011-02', revenueMilli: milli(2_000), orders: 1 },
      { country: 'Spain', month: '2011-02', revenueMilli: milli(7_000), orders: 4 },
    ];
    expect(countryTotals(months)).toEqual([
      { country: 'EIRE', revenueMilli: 7_000, orders: 1 },
      { country: 'France', revenueMilli: 7_000, orders: 3 },
      { country: 'Spain', revenueMilli: 7_000, orders: 4 },
    ]);
    expect(countryTotals([])).toEqual([]);
  });

  it('gives orders, revenue and the rounded average order value', () => {
    const order = (valueMilli: number) => ({ invoiceNo: String(valueMilli), country: 'EIRE', invoiceDate: '2011-01-01T10:00:00', valueMilli: milli(valueMilli), lines: 1 });
    expect(orderSummary([order(1_000), order(2_001), order(-500)])).toEqual({ orders: 3, revenueMilli: 2_501, averageOrderMilli: 834 });
    expect(orderSummary([])).toEqual({ orders: 0, revenueMilli: 0 });
  });

  it('finds the busiest day, the earliest of ties', () => {
    const days = [
      { day: '2011-01-01', revenueMilli: milli(10), orders: 1 },
      { day: '2011-01-02', revenueMilli: milli(30), orders: 1 },
      { day: '2011-01-03', revenueMilli: milli(30), orders: 2 },
    ];
    expect(busiestDay(days)).toEqual(days[1]);
    expect(busiestDay([])).toBeUndefined();
  });
});
