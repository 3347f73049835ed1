import { formatMoney, milli } from '@ecomlake/model';
import { countryMonthSales, HOSTILE } from '../test-fixtures/data';
import { normalizeSvg } from '../test-fixtures/normalize-svg';
import { comparePng } from '../test-fixtures/png-compare';
import { expectValidSvg, texts } from '../test-fixtures/svg-assert';
import { layoutBubbleMap } from './bubble-layout';
import { formatCount } from './format';
import { bubbleMapBaseSvg, bubbleMapFrameSvg, bubbleMapSvgs } from './bubble-map';
import { toAnimation, toPng } from './raster';
import sharp from 'sharp';

describe('bubble map SVGs', () => {
  const sales = countryMonthSales();
  const { layout, frames } = bubbleMapSvgs(sales);

  it('draws one SVG per month with that month’s bubbles, labels and month label', () => {
    expect(frames).toHaveLength(4);
    frames.forEach((svg, i) => {
      const doc = expectValidSvg(svg);
      expect(doc.querySelectorAll('[data-layer="bubbles"] circle')).toHaveLength(layout.frames[i].bubbles.length);
      expect(doc.querySelectorAll('[data-layer="labels"] text')).toHaveLength(layout.frames[i].labels.length);
      expect(texts(doc, '[data-layer="month"] text')).toEqual([layout.frames[i].label]);
    });
  });

  it('has the world, the sphere outline, both legends and a title', () => {
    const doc = expectValidSvg(frames[0]);
    expect(doc.querySelector('title')?.textContent).toBe('Revenue by country, month by month');
    for (const cls of ['sphere', 'land', 'borders', 'sphere-outline']) expect(doc.querySelector(`path.${cls}`)?.getAttribute('d')?.length).toBeGreaterThan(100);
    expect(texts(doc, '.color-legend text')).toEqual(['Orders (log scale)', '1', '10', '100', '1,000']);
    expect(texts(doc, '.size-legend text')).toEqual(['Revenue', '£500k', '£50k', '£5k']);
    const gradientId = doc.querySelector('linearGradient')?.getAttribute('id');
    expect(doc.querySelector('.color-legend rect')?.getAttribute('fill')).toBe(`url(#${gradientId})`);
  });

  it('names the countries left off the map in a note on the chart and in the description', () => {
    const doc = expectValidSvg(frames[1]);
    const note = texts(doc, '[data-layer="note"] text').join(' ');
    expect(note).toContain('Unspecified');
    expect(note).toContain('European Community');
    expect(note).toContain('Lebanon');
    expect(doc.querySelector('desc')?.textContent).toContain('Not on the map (no place): Unspecified');
  });

  it('gives each bubble a tooltip with country, revenue to the penny and orders', () => {
    const doc = expectValidSvg(frames[0]);
    // The United Kingdom's December, summed here from the rows.
    const uk = sales.filter((s) => s.month === '2010-12' && s.country === 'United Kingdom');
    const revenue = formatMoney(milli(uk.reduce((t, s) => t + s.revenueMilli, 0)));
    expect(revenue).toMatch(/^£\d{3},\d{3}\.\d\d$/);
    expect(doc.querySelector('[data-layer="bubbles"] circle title')?.textContent).toBe(`United Kingdom: ${revenue}, ${formatCount(uk.reduce((t, s) => t + s.orders, 0))} orders`);
    expect(doc.querySelector('desc')?.textContent).toContain(`Largest: United Kingdom ${revenue} (`);
    // The map's own labels say the same amount; the size legend, a scale, stays compact.
    expect(texts(doc, '[data-layer="labels"] text')).toContain(`United Kingdom ${revenue}`);
  });

  it('exports the shared base with empty layers for an interactive page', () => {
    const doc = expectValidSvg(bubbleMapBaseSvg(layout));
    for (const layer of ['bubbles', 'inset-bubbles', 'labels', 'month', 'note']) expect(doc.querySelector(`[data-layer="${layer}"]`)?.childNodes.length).toBe(0);
    expect(doc.querySelector('path.land')).not.toBeNull();
    // The page's bubbles stay on their side of the inset's edge.
    for (const layer of ['bubbles', 'inset-bubbles']) {
      const id = /url\(#(.+)\)/.exec(doc.querySelector(`[data-layer="${layer}"]`)?.getAttribute('clip-path') ?? '')?.[1];
      expect(doc.getElementById(id ?? 'missing')?.tagName).toBe('clipPath');
    }
    expect(layout.frames[0].bubbles[0].title).toMatch(/^United Kingdom: £[\d,]+\.\d\d, [\d,]+ orders$/);
  });

  it('escapes data names in labels, tooltips and notes', () => {
    const { frames: [svg] } = bubbleMapSvgs([
      { country: HOSTILE, month: '2011-01', revenueMilli: milli(5_000_000), orders: 3 },
      { country: 'Germany', month: '2011-01', revenueMilli: milli(5_000_000), orders: 3 },
    ]);
    const doc = expectValidSvg(svg);
    expect(texts(doc, '[data-layer="note"] text').join(' ')).toContain(HOSTILE);
  });

  it('draws a static map of the whole period', () => {
    const { frames: [svg] } = bubbleMapSvgs(sales, { period: 'all' });
    const doc = expectValidSvg(svg);
    expect(texts(doc, '[data-layer="month"] text')).toEqual(['Dec 2010 – Mar 2011']);
    expect(doc.querySelectorAll('[data-layer="bubbles"] circle')).toHaveLength(13);
  });

  it('says no data when there are no sales', () => {
    const result = bubbleMapSvgs([]);
    expect(result.frames).toHaveLength(1);
    const doc = expectValidSvg(result.frames[0]);
    expect(texts(doc, '[data-layer="month"] text')).toEqual(['No data']);
    expect(texts(doc, '[data-layer="note"] text')).toEqual(['No sales to show.']);
  });

  it('refuses a frame that does not exist', () => {
    expect(() => bubbleMapFrameSvg(layoutBubbleMap(sales), 9)).toThrow(/has 4 frames/);
  });

  it('matches the snapshot', () => {
    expect(normalizeSvg(frames[1])).toMatchSnapshot();
  });

  it('rasterizes like the reference image', async () => {
    const diff = await comparePng(await toPng(frames[0], { scale: 0.5 }), 'bubble-map-2010-12');
    expect(diff.changedShare).toBeLessThan(0.005);
    expect(diff.meanDifference).toBeLessThan(1.5);
  });

  it('animates every month in order', async () => {
    const gif = await toAnimation(frames, { format: 'gif', scale: 0.25 });
    const meta = await sharp(gif, { animated: true }).metadata();
    expect(meta.pages).toBe(4);
    expect(meta.width).toBe(240);
  });
});
