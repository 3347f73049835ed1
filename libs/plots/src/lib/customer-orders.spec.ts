import { formatMoney, formatPounds, milli, type OrderValue } from '@ecomlake/model';
import { customerOrders, HOSTILE } from '../test-fixtures/data';
import { normalizeSvg } from '../test-fixtures/normalize-svg';
import { comparePng } from '../test-fixtures/png-compare';
import { expectValidSvg, texts } from '../test-fixtures/svg-assert';
import { customerOrdersSvg } from './customer-orders';
import { toPng } from './raster';

const barCounts = (doc: Document, yOf: (count: number) => number) => Array.from(doc.querySelectorAll('.bars rect')).map((r) => Number(r.getAttribute('height'))).map(yOf);

describe('customerOrdersSvg', () => {
  const orders = customerOrders('12347');

  it('titles the chart with the customer and summarizes the orders', () => {
    const doc = expectValidSvg(customerOrdersSvg(orders));
    expect(doc.querySelector('title')?.textContent).toBe('Order values of customer 12347');
    const total = orders.reduce((s, o) => s + o.valueMilli, 0);
    expect(texts(doc)[1]).toMatch(new RegExp(`^24 orders · total ${formatMoney(milli(total))} · median £[\\d,]+\\.\\d\\d · mean ${formatPounds(total / 24 / 1000)}$`));
  });

  it('draws bars whose heights add up to the number of orders', () => {
    const doc = expectValidSvg(customerOrdersSvg(orders));
    const yTicks = Array.from(doc.querySelectorAll('.axis.y text')).filter((t) => /^\d+$/.test(t.textContent ?? ''));
    // Pixels per order, from two integer ticks.
    const [a, b] = yTicks.slice(0, 2).map((t) => ({ v: Number(t.textContent), y: Number(t.getAttribute('y')) }));
    const perOrder = Math.abs(a.y - b.y) / Math.abs(a.v - b.v);
    const total = barCounts(doc, (h) => h / perOrder).reduce((s, c) => s + c, 0);
    expect(total).toBeCloseTo(24, 0);
  });

  it('marks the mean where it is, with a density curve over the bars', () => {
    const doc = expectValidSvg(customerOrdersSvg(orders));
    const mean = orders.reduce((s, o) => s + o.valueMilli, 0) / orders.length / 1000;
    const label = doc.querySelector('.mean text')?.textContent ?? '';
    expect(label).toBe(`mean ${formatPounds(mean)}`);
    expect(label).toMatch(/^mean £\d{3}\.\d\d$/);
    const xTicks = Array.from(doc.querySelectorAll('.axis.x .tick')).map((t) => ({
      v: Number((t.textContent ?? '').replace(/[£,]/g, '').replace('k', 'e3')),
      x: Number(/translate\(([-\d.]+)/.exec(t.getAttribute('transform') ?? '')?.[1]),
    }));
    const [t0, t1] = xTicks;
    const expected = t0.x + ((mean - t0.v) / (t1.v - t0.v)) * (t1.x - t0.x);
    expect(Number(doc.querySelector('.mean line')?.getAttribute('x1'))).toBeCloseTo(expected, 0);
    expect(doc.querySelector('path.density')?.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+(L[\d.]+,[\d.]+){100,}$/);
  });

  describe('edge cases', () => {
    const one: OrderValue = { invoiceNo: '1', country: 'France', customerId: '7', invoiceDate: '2011-01-01T10:00:00', valueMilli: milli(25_000), lines: 1 };
    it.each<[string, OrderValue[], boolean]>([
      ['one order', [one], false],
      ['all values equal', [one, one, one], false],
      ['negative and zero orders', [one, { ...one, valueMilli: milli(0) }, { ...one, valueMilli: milli(-40_000) }], true],
      ['huge spread', [one, { ...one, valueMilli: milli(168_469_600) }], true],
    ])('%s gives a valid chart with every order in a bar', (_, input, density) => {
      const doc = expectValidSvg(customerOrdersSvg(input));
      expect(doc.querySelectorAll('.bars rect').length).toBeGreaterThan(0);
      expect(doc.querySelector('path.density') !== null).toBe(density);
      expect(doc.querySelector('.mean line')).not.toBeNull();
    });

    it('says no data for no orders', () => {
      const doc = expectValidSvg(customerOrdersSvg([], { customerId: HOSTILE }));
      expect(doc.querySelector('.no-data')?.textContent).toBe(`No orders for customer ${HOSTILE}`);
      expect(expectValidSvg(customerOrdersSvg([])).querySelector('.no-data')?.textContent).toBe('No customer orders to show');
    });
  });

  it('matches the snapshot', () => {
    expect(normalizeSvg(customerOrdersSvg(orders))).toMatchSnapshot();
  });

  it('rasterizes like the reference image', async () => {
    const diff = await comparePng(await toPng(customerOrdersSvg(orders)), 'customer-orders');
    expect(diff.changedShare).toBeLessThan(0.005);
    expect(diff.meanDifference).toBeLessThan(1.5);
  });
});
