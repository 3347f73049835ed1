import sharp from 'sharp';
import { countryMonthSales, customerOrders, dailyRevenue, orderValues } from '../test-fixtures/data';
import { expectValidSvg } from '../test-fixtures/svg-assert';
import { renderCharts, topCustomer } from './render-charts';
import { defined } from '../test-fixtures/defined';

describe('renderCharts', () => {
  it('draws every chart as SVG and PNG, each map month, and both animations', async () => {
    const orders = [...orderValues(), ...customerOrders('12347')];
    const result = await renderCharts({ dailyRevenue: dailyRevenue(), countryMonthSales: countryMonthSales(), orders }, { scale: 0.5 });
    const names = result.files.map((f) => f.name);
    const months = ['2010-12', '2011-01', '2011-02', '2011-03'];
    expect(names).toEqual(
      [
        'sales-trend.svg', 'sales-trend.png', 'bubble-map-all.svg', 'bubble-map-all.png', 'order-values.svg', 'order-values.png',
        'customer-12347.svg', 'customer-12347.png', 'bubble-map.gif', 'bubble-map.webp',
        ...months.flatMap((m) => [`bubble-map-${m}.svg`, `bubble-map-${m}.png`]),
      ].sort(),
    );
    for (const f of result.files) {
      if (f.name.endsWith('.svg')) expectValidSvg(String(f.data));
      else expect((await sharp(f.data as Buffer, { animated: true }).metadata()).format).toBe(f.name.split('.')[1]);
    }
    const gif = defined(result.files.find((f) => f.name === 'bubble-map.gif'), 'the GIF');
    expect((await sharp(gif.data as Buffer, { animated: true }).metadata()).pages).toBe(4);
    expect(result.customerId).toBe('12347');
    expect(result.bubbleMap.layout.frames.map((f) => f.key)).toEqual(months);
    expectValidSvg(result.bubbleMap.baseSvg);
    expect(Object.keys(result.seconds).sort()).toEqual(['bubbleMapAll', 'bubbleMapMonthly', 'customerOrders', 'orderValues', 'salesTrend']);
  });

  it('draws "no data" charts for empty input', async () => {
    const result = await renderCharts({ dailyRevenue: [], countryMonthSales: [], orders: [] }, { scale: 0.25 });
    expect(result.customerId).toBeUndefined();
    const svgs = result.files.filter((f) => f.name.endsWith('.svg'));
    expect(svgs.map((f) => f.name)).toEqual(['bubble-map-all.svg', 'bubble-map-none.svg', 'customer.svg', 'order-values.svg', 'sales-trend.svg']);
    for (const f of svgs) expect(String(f.data)).toMatch(/No (trading days|orders|customer orders|data|sales)/);
  });

  it('picks the customer with the most orders, the smallest id on a tie', () => {
    const o = orderValues()[0];
    expect(topCustomer([{ ...o, customerId: '9' }, { ...o, customerId: '5' }, { ...o, customerId: '9' }])).toBe('9');
    expect(topCustomer([{ ...o, customerId: '9' }, { ...o, customerId: '5' }])).toBe('5');
    expect(topCustomer([{ ...o, customerId: undefined }])).toBeUndefined();
  });
});
