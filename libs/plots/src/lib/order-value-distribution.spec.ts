import { milli, type OrderValue } from '@ecomlake/model';
import { HOSTILE, orderValues } from '../test-fixtures/data';
import { normalizeSvg } from '../test-fixtures/normalize-svg';
import { comparePng } from '../test-fixtures/png-compare';
import { expectValidSvg, texts } from '../test-fixtures/svg-assert';
import { orderValueDistributionSvg } from './order-value-distribution';
import { toPng } from './raster';

describe('orderValueDistributionSvg', () => {
  const orders = orderValues();

  it('draws one panel per top country, ranked by number of orders', () => {
    const doc = expectValidSvg(orderValueDistributionSvg(orders, { topN: 4 }));
    const panels = doc.querySelectorAll('.panel');
    expect(panels).toHaveLength(4);
    expect(Array.from(panels).map((p) => p.querySelector('text')?.textContent)).toEqual(['United Kingdom', 'Germany', 'France', 'EIRE']);
    expect(texts(doc, '.panel text').filter((t) => t.endsWith(' orders'))).toEqual(['240 orders', '62 orders', '45 orders', '30 orders']);
  });

  it('uses the same bins in every panel, and bar heights are shares of each country’s orders', () => {
    const doc = expectValidSvg(orderValueDistributionSvg(orders, { topN: 3 }));
    const widths = new Set(Array.from(doc.querySelectorAll('.bars rect')).map((r) => r.getAttribute('width')));
    expect(widths.size).toBe(1); // equal widths on a log axis: shared, log-spaced bins
    const xs = (panel: Element) => new Set(Array.from(panel.querySelectorAll('.bars rect')).map((r) => Number(r.getAttribute('x'))));
    const [uk, de] = Array.from(doc.querySelectorAll('.panel')).map(xs);
    const step = Math.min(...[...uk].map((x, i, a) => (i > 0 ? Math.abs(x - a[i - 1]) : Infinity)));
    for (const x of de) expect(Math.abs(((x - [...uk][0]) / step) % 1)).toBeLessThan(0.02);
  });

  it('has a log value axis in pounds and a box summary per country', () => {
    const doc = expectValidSvg(orderValueDistributionSvg(orders));
    const ticks = texts(doc, '.axis.x .tick text');
    expect(ticks).toEqual(expect.arrayContaining(['£1', '£10', '£100', '£1k', '£10k']));
    expect(doc.querySelectorAll('.panel .box-summary')).toHaveLength(6);
    for (const cls of ['whisker', 'box', 'median', 'mean']) expect(doc.querySelectorAll(`.panel .box-summary .${cls}`)).toHaveLength(6);
    expect(doc.querySelector('desc')?.textContent).toMatch(/United Kingdom: 240 orders, median £[\d,]+\.\d\d, mean £[\d,]+\.\d\d, quartiles £[\d,]+\.\d\d–£[\d,]+\.\d\d;/);
  });

  it('says how many orders of £0 or less a log axis cannot show', () => {
    const doc = expectValidSvg(orderValueDistributionSvg(orders));
    expect(texts(doc, '.panel text')).toContain('2 ≤ £0 not shown');
  });

  describe('edge cases', () => {
    const one: OrderValue = { invoiceNo: '1', country: 'France', invoiceDate: '2011-01-01T10:00:00', valueMilli: milli(25_000), lines: 1 };
    it.each<[string, OrderValue[], number]>([
      ['one order', [one], 1],
      ['one country, all values equal', [one, { ...one, invoiceNo: '2' }, { ...one, invoiceNo: '3' }], 1],
      ['a hostile country name', [{ ...one, country: HOSTILE }], 1],
      ['more countries than topN', ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map((c, i) => ({ ...one, country: c, invoiceNo: String(i) })), 6],
    ])('%s', (_, input, panels) => {
      const doc = expectValidSvg(orderValueDistributionSvg(input));
      expect(doc.querySelectorAll('.panel')).toHaveLength(panels);
      expect(doc.querySelectorAll('.bars rect').length).toBeGreaterThan(0);
    });

    it('says no data for no orders, and for orders a log axis cannot show', () => {
      expect(expectValidSvg(orderValueDistributionSvg([])).querySelector('.no-data')?.textContent).toBe('No orders to show');
      const doc = expectValidSvg(orderValueDistributionSvg([{ ...one, valueMilli: milli(0) }, { ...one, valueMilli: milli(-5) }]));
      expect(doc.querySelector('.no-data')?.textContent).toBe('No orders with a value above £0 to show on a log scale');
    });
  });

  it('matches the snapshot', () => {
    expect(normalizeSvg(orderValueDistributionSvg(orders, { topN: 3 }))).toMatchSnapshot();
  });

  it('rasterizes like the reference image', async () => {
    const diff = await comparePng(await toPng(orderValueDistributionSvg(orders), { scale: 0.75 }), 'order-values');
    expect(diff.changedShare).toBeLessThan(0.005);
    expect(diff.meanDifference).toBeLessThan(1.5);
  });
});
