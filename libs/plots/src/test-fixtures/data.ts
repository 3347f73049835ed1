import { milli, type CountryMonthSales, type DailyRevenue, type OrderValue } from '@ecomlake/model';

/** Deterministic pseudo-random numbers (mulberry32), so fixtures never change. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A name that breaks naive SVG: markup, an ampersand, quotes and a pound sign. */
export const HOSTILE = `<script>alert("x")</script> & 'Co' £`;

/**
 * December 2010 without Saturdays (4, 11, 18), a Christmas break after the 23rd, then
 * 4–7 January 2011: 20 + 4 trading days in 5 runs separated by gaps.
 */
export function dailyRevenue(): DailyRevenue[] {
  const rnd = random(7);
  const days: DailyRevenue[] = [];
  for (let d = 1; d <= 23; d++) {
    if (d === 4 || d === 11 || d === 18) continue;
    days.push({ day: `2010-12-${String(d).padStart(2, '0')}`, revenueMilli: milli(Math.round((20_000 + rnd() * 40_000) * 1000)), orders: 60 + Math.floor(rnd() * 60) });
  }
  for (let d = 4; d <= 7; d++) days.push({ day: `2011-01-0${d}`, revenueMilli: milli(Math.round((15_000 + rnd() * 30_000) * 1000)), orders: 50 + Math.floor(rnd() * 40) });
  return days;
}

/** Runs of consecutive trading days in {@link dailyRevenue}: 1–3, 5–10, 12–17, 19–23 Dec, 4–7 Jan. */
export const DAILY_RUNS = 5;

const COUNTRIES: [string, number, number][] = [
  ['United Kingdom', 600_000, 1500],
  ['Germany', 22_000, 40],
  ['France', 19_000, 35],
  ['EIRE', 25_000, 20],
  ['Netherlands', 18_000, 8],
  ['Channel Islands', 2_500, 4],
  ['RSA', 900, 1],
  ['USA', 1_800, 2],
  ['Hong Kong', 3_000, 2],
  ['Singapore', 2_200, 1],
  ['Bahrain', 500, 1],
  ['Malta', 700, 2],
  ['Australia', 9_000, 6],
  ['Unspecified', 1_100, 3],
  ['European Community', 400, 1],
];

/**
 * Three months of country sales with February 2011 missing (a gap month), including the
 * data's awkward names, two places that are not places, and a negative month (returns).
 */
export function countryMonthSales(): CountryMonthSales[] {
  const rnd = random(11);
  const rows: CountryMonthSales[] = [];
  for (const month of ['2010-12', '2011-01', '2011-03']) {
    for (const [country, revenue, orders] of COUNTRIES) {
      const f = 0.6 + rnd() * 0.8;
      rows.push({ country, month, revenueMilli: milli(Math.round(revenue * f * 1000)), orders: Math.max(1, Math.round(orders * f)) });
    }
  }
  rows.push({ country: 'Lebanon', month: '2011-01', revenueMilli: milli(-5_000), orders: 1 });
  return rows;
}

/** Orders with log-normal values across countries (UK most), a few ≤ £0 in Germany. */
export function orderValues(): OrderValue[] {
  const rnd = random(3);
  const orders: OrderValue[] = [];
  const counts: [string, number][] = [['United Kingdom', 240], ['Germany', 60], ['France', 45], ['EIRE', 30], ['Spain', 12], ['Belgium', 9], ['Japan', 4]];
  let n = 0;
  for (const [country, count] of counts) {
    for (let i = 0; i < count; i++) {
      // Box–Muller: log-normal around £300.
      const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
      const value = Math.exp(Math.log(300) + 1.2 * z);
      n += 1;
      orders.push({ invoiceNo: String(536000 + n), country, customerId: String(12000 + (n % 50)), invoiceDate: '2011-03-01T10:00:00', valueMilli: milli(Math.round(value * 1000)), lines: 1 + (n % 9) });
    }
  }
  orders.push({ invoiceNo: 'Z1', country: 'Germany', invoiceDate: '2011-03-01T10:00:00', valueMilli: milli(0), lines: 1 });
  orders.push({ invoiceNo: 'Z2', country: 'Germany', invoiceDate: '2011-03-01T10:00:00', valueMilli: milli(-12_500), lines: 1 });
  return orders;
}

/** One customer's 24 orders, £8 to about £1,200. */
export function customerOrders(customerId = '12347'): OrderValue[] {
  const rnd = random(5);
  return Array.from({ length: 24 }, (_, i) => ({
    invoiceNo: String(540000 + i),
    country: 'Iceland',
    customerId,
    invoiceDate: `2011-0${1 + (i % 9)}-10T12:00:00`,
    valueMilli: milli(Math.round((8 + Math.pow(rnd(), 2) * 1200) * 1000)),
    lines: 1 + (i % 20),
  }));
}
