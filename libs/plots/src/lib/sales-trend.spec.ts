import { formatMoney, formatMoneyCompact, milli, type DailyRevenue, type Milli } from '@ecomlake/model';
import { DAILY_RUNS, HOSTILE, dailyRevenue } from '../test-fixtures/data';
import { normalizeSvg } from '../test-fixtures/normalize-svg';
import { comparePng } from '../test-fixtures/png-compare';
import { expectValidSvg, texts } from '../test-fixtures/svg-assert';
import { toPng } from './raster';
import { salesTrendSvg } from './sales-trend';

const subpaths = (d: string | null | undefined) => (d ?? '').match(/M/g)?.length ?? 0;

describe('salesTrendSvg', () => {
  const days = dailyRevenue();

  it('draws one marker per trading day and breaks the line at every day without trading', () => {
    const doc = expectValidSvg(salesTrendSvg(days, { movingAverage: false }));
    expect(doc.querySelectorAll('.markers circle')).toHaveLength(days.length);
    expect(subpaths(doc.querySelector('path.daily')?.getAttribute('d'))).toBe(DAILY_RUNS);
    expect(doc.querySelector('path.moving-average')).toBeNull();
  });

  it('has a title, £ ticks with k suffixes and concise date ticks with the year', () => {
    const doc = expectValidSvg(salesTrendSvg(days));
    expect(doc.querySelector('title')?.textContent).toBe('Daily revenue, United Kingdom');
    const yTicks = texts(doc, '.axis.y text');
    expect(yTicks[0]).toBe('£0');
    expect(yTicks.some((t) => /^£\d+k$/.test(t))).toBe(true);
    const xTicks = texts(doc, '.axis.x .tick text');
    expect(xTicks).toContain('Dec 2010');
    expect(xTicks).toContain('Jan 2011');
    expect(doc.querySelectorAll('.grid line').length).toBe(yTicks.length);
  });

  it('states the total to the penny, summed exactly, and ticks through the compact money format', () => {
    const doc = expectValidSvg(salesTrendSvg(days));
    // Summed here as bigint thousandths: the chart's points are float pounds, its total is not.
    const total = formatMoney(days.reduce((t, d) => t + BigInt(d.revenueMilli), 0n));
    expect(total).toMatch(/^£\d{3},\d{3}\.\d\d$/);
    expect(doc.querySelector('desc')?.textContent).toContain(`total ${total}, `);
    expect(texts(doc)).toContain(`1 Dec 2010 to 7 Jan 2011 · 24 trading days · total ${total} · gaps are days without trading`);
    const ticks = Array.from(doc.querySelectorAll('.axis.y text'));
    const values = ticks.map((t) => Number((t.textContent ?? '').replace('£', '').replace('k', 'e3')));
    expect(ticks.map((t) => t.textContent)).toEqual(values.map((v) => formatMoneyCompact(v)));
  });

  it('draws revenue net of cancellations only when asked, below zero where a day gave back more than it sold', () => {
    // Three consecutive days: net £90, -£50 (a big order cancelled), and unknown on the third.
    const net: DailyRevenue[] = [
      { day: '2011-12-07', revenueMilli: milli(100_000), orders: 3, netRevenueMilli: milli(90_000) },
      { day: '2011-12-08', revenueMilli: milli(120_000), orders: 4, netRevenueMilli: milli(-50_000) },
      { day: '2011-12-09', revenueMilli: milli(80_000), orders: 2 },
    ];
    expect(expectValidSvg(salesTrendSvg(net)).querySelector('path.net')).toBeNull();
    const doc = expectValidSvg(salesTrendSvg(net, { net: true, movingAverage: false }));
    // One run of two known days: M then one L.
    expect(doc.querySelector('path.net')?.getAttribute('d')).toMatch(/^M[\d.,]+L[\d.,]+$/);
    expect(texts(doc, '.legend text')).toContain('Net of cancellations');
    // The lowest tick is below zero.
    expect(texts(doc, '.axis.y text')[0]).toMatch(/^[−-]£\d+/);
  });

  it('draws the 7-day average across weekends but not across the Christmas break', () => {
    const doc = expectValidSvg(salesTrendSvg(days));
    const d = doc.querySelector('path.moving-average')?.getAttribute('d');
    // Defined from the 4th trading day to Christmas, then again from 7 January.
    expect(subpaths(d)).toBe(2);
  });

  it('uses the country in the title and description', () => {
    const doc = expectValidSvg(salesTrendSvg(days, { country: HOSTILE }));
    expect(doc.querySelector('title')?.textContent).toBe(`Daily revenue, ${HOSTILE}`);
    expect(doc.querySelector('desc')?.textContent).toContain('24 trading days');
  });

  describe('edge cases', () => {
    const one: DailyRevenue = { day: '2011-05-05', revenueMilli: milli(1_234_000), orders: 3 };
    it.each<[string, DailyRevenue[]]>([
      ['one day', [one]],
      ['all values equal', [one, { ...one, day: '2011-05-06' }, { ...one, day: '2011-05-09' }]],
      ['all zero', [{ ...one, revenueMilli: milli(0) }, { ...one, day: '2011-05-06', revenueMilli: milli(0) }]],
      ['negative days', [{ ...one, revenueMilli: milli(-50_000_000) }, { ...one, day: '2011-05-06', revenueMilli: milli(20_000_000) }]],
      ['unsorted and duplicated days', [{ ...one, day: '2011-05-09' }, one, one]],
    ])('%s gives a valid chart with every day marked', (_, input) => {
      const doc = expectValidSvg(salesTrendSvg(input));
      expect(doc.querySelectorAll('.markers circle')).toHaveLength(new Set(input.map((d) => d.day)).size);
      expect(doc.querySelectorAll('.axis.x .tick').length).toBeGreaterThan(1);
    });

    it('labels a short span with distinct whole days, and says "1 trading day"', () => {
      const doc = expectValidSvg(salesTrendSvg([one, { ...one, day: '2011-05-06' }]));
      const days = texts(doc, '.axis.x .tick text').filter((t) => /^\d+$/.test(t));
      expect(new Set(days).size).toBe(days.length);
      expect(days).toEqual(expect.arrayContaining(['5', '6']));
      expect(texts(expectValidSvg(salesTrendSvg([one]))).find((t) => t.startsWith('5 May 2011'))).toContain('· 1 trading day ·');
    });

    it('leaves the average out of the chart and its key when too few days make no line', () => {
      const doc = expectValidSvg(salesTrendSvg([one, { ...one, day: '2011-05-06' }]));
      expect(doc.querySelector('path.moving-average')).toBeNull();
      expect(texts(doc, '.legend text')).toEqual(['Daily revenue']);
    });

    it('puts zero on the axis for negative days', () => {
      const doc = expectValidSvg(salesTrendSvg([{ ...one, revenueMilli: milli(-50_000_000) }, { ...one, day: '2011-05-06', revenueMilli: milli(20_000_000) }]));
      const yTicks = texts(doc, '.axis.y text');
      expect(yTicks).toContain('£0');
      expect(yTicks[0]).toBe('−£50k');
    });

    it('sums duplicated days', () => {
      const doc = expectValidSvg(salesTrendSvg([one, one]));
      expect(doc.querySelector('desc')?.textContent).toContain('total £2,468.00');
    });

    it('says no data for no days, or only invalid ones', () => {
      for (const input of [[], [{ day: 'not a day', revenueMilli: milli(5), orders: 1 }], [{ day: '2011-01-01', revenueMilli: Number.NaN as Milli, orders: 1 }]]) {
        const doc = expectValidSvg(salesTrendSvg(input, { country: 'Narnia' }));
        expect(doc.querySelector('.no-data')?.textContent).toBe('No trading days for Narnia');
      }
    });
  });

  it('matches the snapshot', () => {
    expect(normalizeSvg(salesTrendSvg(days))).toMatchSnapshot();
  });

  it('rasterizes like the reference image', async () => {
    const png = await toPng(salesTrendSvg(days), { scale: 0.75 });
    const diff = await comparePng(png, 'sales-trend');
    expect(diff.changedShare).toBeLessThan(0.005);
    expect(diff.meanDifference).toBeLessThan(1.5);
  });
});
