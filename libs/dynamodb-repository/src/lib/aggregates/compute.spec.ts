import { milli, type OrderItem } from '@ecomlake/model';
import { computeAggregates } from './compute';

const item = (invoiceNo: string, stockCode: string, country: string, customerId: string | undefined, invoiceDate: string, total: number): OrderItem => ({
  invoiceNo,
  stockCode,
  description: `${invoiceNo} ${stockCode}`,
  quantity: 1,
  invoiceDate,
  unitPriceMilli: milli(total),
  ...(customerId ? { customerId } : {}),
  country,
  totalAmountMilli: milli(total),
  invoiceDay: invoiceDate.slice(0, 10),
  month: invoiceDate.slice(0, 7),
  lineCount: 1,
});

const items = [
  item('1001', 'X', 'United Kingdom', '12', '2011-03-01T09:00:00', 1500),
  item('1001', 'Y', 'United Kingdom', '12', '2011-03-01T08:30:00', 250),
  item('1002', 'X', 'France', undefined, '2011-03-01T10:00:00', 4000),
  // One invoice in two countries (the real data has none): packed in each.
  item('1003', 'Z', 'United Kingdom', '13', '2011-03-01T11:00:00', 999),
  item('1003', 'W', 'France', '11', '2011-03-01T11:05:00', 1),
  // The same key again: it replaces the first, as a second Put would.
  item('1001', 'X', 'United Kingdom', '12', '2011-03-01T09:00:00', 1600),
  item('1004', 'X', 'United Kingdom', '12', '2011-03-02T12:00:00', 700),
  // Refused by the loader, so never counted.
  item('#agg#2011-03', 'X', 'United Kingdom', '12', '2011-03-02T12:00:00', 5),
];
const cancellations = [
  { invoiceDay: '2011-03-01', country: 'United Kingdom', amountMilli: milli(-500) },
  { invoiceDay: '2011-03-01', country: 'United Kingdom', amountMilli: milli(-20) },
  // A day with cancellations and no sales.
  { invoiceDay: '2011-03-03', country: 'Germany', amountMilli: milli(-1000) },
];

describe('computeAggregates', () => {
  it('sums each day and country exactly, orders merged by invoice, cancellations on their day', () => {
    expect(computeAggregates(items, cancellations)).toEqual([
      {
        day: '2011-03-01', country: 'France', revenueMilli: 4001, items: 2,
        orders: [
          { invoiceNo: '1002', invoiceDate: '2011-03-01T10:00:00', valueMilli: 4000, lines: 1 },
          { invoiceNo: '1003', customerId: '11', invoiceDate: '2011-03-01T11:05:00', valueMilli: 1, lines: 1 },
        ],
        cancellations: 0, cancelledMilli: 0, cancellationsKnown: true,
      },
      {
        day: '2011-03-01', country: 'United Kingdom', revenueMilli: 2849, items: 3,
        orders: [
          { invoiceNo: '1001', customerId: '12', invoiceDate: '2011-03-01T08:30:00', valueMilli: 1850, lines: 2 },
          { invoiceNo: '1003', customerId: '13', invoiceDate: '2011-03-01T11:00:00', valueMilli: 999, lines: 1 },
        ],
        cancellations: 2, cancelledMilli: -520, cancellationsKnown: true,
      },
      {
        day: '2011-03-02', country: 'United Kingdom', revenueMilli: 700, items: 1,
        orders: [{ invoiceNo: '1004', customerId: '12', invoiceDate: '2011-03-02T12:00:00', valueMilli: 700, lines: 1 }],
        cancellations: 0, cancelledMilli: 0, cancellationsKnown: true,
      },
      { day: '2011-03-03', country: 'Germany', revenueMilli: 0, items: 0, orders: [], cancellations: 1, cancelledMilli: -1000, cancellationsKnown: true },
    ]);
  });

  it('marks cancellations unknown when none are given, and known (none) for []', () => {
    const unknown = computeAggregates(items.slice(6, 7));
    expect(unknown).toEqual([
      {
        day: '2011-03-02', country: 'United Kingdom', revenueMilli: 700, items: 1,
        orders: [{ invoiceNo: '1004', customerId: '12', invoiceDate: '2011-03-02T12:00:00', valueMilli: 700, lines: 1 }],
        cancellations: 0, cancelledMilli: 0, cancellationsKnown: false,
      },
    ]);
    expect(computeAggregates(items.slice(6, 7), [])[0].cancellationsKnown).toBe(true);
  });

  it('keeps the smallest customer id of an invoice naming several', () => {
    const [aggregate] = computeAggregates([item('9', 'A', 'EIRE', '14', '2011-03-04T10:00:00', 1), item('9', 'B', 'EIRE', '13', '2011-03-04T10:00:00', 2), item('9', 'C', 'EIRE', undefined, '2011-03-04T09:00:00', 3)], []);
    expect(aggregate.orders).toEqual([{ invoiceNo: '9', customerId: '13', invoiceDate: '2011-03-04T09:00:00', valueMilli: 6, lines: 3 }]);
  });
});
