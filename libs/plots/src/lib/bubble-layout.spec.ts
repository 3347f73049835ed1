import { formatMoney, milli, type CountryMonthSales, type Milli } from '@ecomlake/model';
import { countryMonthSales, HOSTILE } from '../test-fixtures/data';
import { layoutBubbleMap } from './bubble-layout';
import { overlaps } from './label-placement';
import { textWidth } from './text-width';
import { theme } from './theme';
import { defined } from '../test-fixtures/defined';

describe('layoutBubbleMap', () => {
  const sales = countryMonthSales();
  const layout = layoutBubbleMap(sales);

  it('makes one frame per month from the first to the last, including months without sales', () => {
    expect(layout.frames.map((f) => f.key)).toEqual(['2010-12', '2011-01', '2011-02', '2011-03']);
    expect(layout.frames.map((f) => f.label)).toEqual(['Dec 2010', 'Jan 2011', 'Feb 2011', 'Mar 2011']);
    expect(layout.frames[2].bubbles).toHaveLength(0);
  });

  it('gives each placed country a bubble, largest first', () => {
    const dec = layout.frames[0];
    expect(dec.bubbles).toHaveLength(13);
    expect(dec.bubbles[0].country).toBe('United Kingdom');
    for (let i = 1; i < dec.bubbles.length; i++) expect(dec.bubbles[i].revenueMilli).toBeLessThanOrEqual(dec.bubbles[i - 1].revenueMilli);
  });

  it('keeps the scales fixed across months: area proportional to revenue everywhere', () => {
    const all = layout.frames.flatMap((f) => f.bubbles);
    const ref = all[0];
    for (const b of all) expect((b.r * b.r) / (ref.r * ref.r)).toBeCloseTo(b.revenueMilli / ref.revenueMilli, 1);
    const largest = all.reduce((a, b) => (b.revenueMilli > a.revenueMilli ? b : a));
    expect(largest.r).toBe(34);
    // Same orders, same colour, whatever the month.
    const byOrders = new Map<number, string>();
    for (const b of all) {
      if (byOrders.has(b.orders)) expect(b.fill).toBe(byOrders.get(b.orders));
      byOrders.set(b.orders, b.fill);
    }
  });

  it('lists names without a place and non-positive revenue in the note, never dropping them', () => {
    const jan = layout.frames[1];
    expect(jan.unmapped.map((u) => [u.country, u.reason])).toEqual([
      ['Unspecified', 'no-place'],
      ['European Community', 'no-place'],
      ['Lebanon', 'not-positive'],
    ]);
    const revenue = (country: string) => milli(sales.filter((s) => s.month === '2011-01' && s.country === country).reduce((t, s) => t + s.revenueMilli, 0));
    // Amounts to the penny, as the report and the terminal print them; Lebanon's −£5 by hand.
    expect(jan.note).toBe(
      `Not on the map (no place): Unspecified (${formatMoney(revenue('Unspecified'))}), European Community (${formatMoney(revenue('European Community'))}). No bubble (revenue ≤ £0): Lebanon (−£5.00).`,
    );
    expect(jan.note).toMatch(/Unspecified \(£[\d,]+\.\d\d\), European Community \(£[\d,]+\.\d\d\)/);
    expect(jan.revenueMilli).toBe(sales.filter((s) => s.month === '2011-01').reduce((t, s) => t + s.revenueMilli, 0));
  });

  it('puts bubbles where the countries are', () => {
    const at = (c: string) => defined(layout.frames[0].bubbles.find((b) => b.country === c), c);
    expect(at('EIRE').x).toBeLessThan(at('United Kingdom').x);
    expect(at('Australia').y).toBeGreaterThan(at('Singapore').y);
    expect(at('USA').x).toBeLessThan(at('Channel Islands').x);
    for (const b of layout.frames[0].bubbles) {
      expect(b.x).toBeGreaterThan(layout.mapBox.x);
      expect(b.x).toBeLessThan(layout.mapBox.x + layout.mapBox.width);
    }
  });

  it('also places European countries in the Europe inset, magnified', () => {
    const at = (c: string) => defined(layout.frames[0].bubbles.find((b) => b.country === c), c);
    const box = defined(layout.inset, 'inset').box;
    for (const c of ['United Kingdom', 'EIRE', 'Germany', 'France', 'Netherlands', 'Channel Islands', 'Malta']) {
      const inset = defined(at(c).inset, `${c} in the inset`);
      expect(inset.x).toBeGreaterThan(box.x);
      expect(inset.x).toBeLessThan(box.x + box.width);
      expect(inset.y).toBeGreaterThan(box.y);
      expect(inset.y).toBeLessThan(box.y + box.height);
    }
    for (const c of ['Australia', 'USA', 'Hong Kong', 'RSA', 'Bahrain']) expect(at(c).inset).toBeUndefined();
    // Magnified: the UK–Germany distance is several times larger in the inset.
    const d = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y);
    expect(d(defined(at('United Kingdom').inset), defined(at('Germany').inset)) / d(at('United Kingdom'), at('Germany'))).toBeGreaterThan(2.5);
    expect(layoutBubbleMap(sales, { inset: false }).frames[0].bubbles.every((b) => !b.inset)).toBe(true);
  });

  it('labels inset bubbles inside the inset and keeps world labels off it', () => {
    const { box } = defined(layout.inset, 'inset');
    for (const frame of layout.frames)
      for (const l of frame.labels) {
        const inInset = defined(frame.bubbles.find((b) => b.country === l.country), l.country).inset !== undefined;
        const inside = l.x > box.x && l.x < box.x + box.width && l.y > box.y && l.y < box.y + box.height;
        expect(inside).toBe(inInset);
      }
  });

  it('labels the largest bubbles without overlapping labels', () => {
    for (const frame of layout.frames) {
      expect(frame.labels.length).toBeLessThanOrEqual(8);
      if (frame.bubbles.length > 0) expect(frame.labels[0].country).toBe('United Kingdom');
      const boxes = frame.labels.map((l) => {
        const w = textWidth(l.text, theme.fontSize.label);
        const x = l.anchor === 'start' ? l.x : l.anchor === 'end' ? l.x - w : l.x - w / 2;
        return { x, y: l.y - 9, width: w, height: 11 };
      });
      boxes.forEach((a, i) => boxes.slice(i + 1).forEach((b) => expect(overlaps(a, b)).toBe(false)));
    }
  });

  it('builds legends from the shared scales', () => {
    expect(layout.legend.size.map((s) => s.label)).toEqual(['£500k', '£50k', '£5k']);
    const [big, mid] = layout.legend.size;
    expect((big.r / mid.r) ** 2).toBeCloseTo(10, 0);
    expect(layout.legend.color.ticks.map((t) => t.label)).toEqual(['1', '10', '100', '1,000']);
    expect(layout.legend.color.stops[10].color).toBe('#fde725'); // viridis' top
  });

  it('sums the whole period into one frame for period "all"', () => {
    const all = layoutBubbleMap(sales, { period: 'all' });
    expect(all.frames).toHaveLength(1);
    expect(all.frames[0].label).toBe('Dec 2010 – Mar 2011');
    const uk = all.frames[0].bubbles[0];
    expect(uk.revenueMilli).toBe(sales.filter((s) => s.country === 'United Kingdom').reduce((t, s) => t + s.revenueMilli, 0));
    expect(uk.r).toBe(34);
  });

  describe('edge cases', () => {
    const one: CountryMonthSales = { country: 'Germany', month: '2011-05', revenueMilli: milli(12_000_000), orders: 4 };
    it.each<[string, CountryMonthSales[]]>([
      ['no rows', []],
      ['one row', [one]],
      ['only places that are not places', [{ ...one, country: 'Unspecified' }]],
      ['zero and negative revenue only', [{ ...one, revenueMilli: milli(0) }, { ...one, country: 'France', revenueMilli: milli(-1) }]],
      ['invalid months and numbers', [{ ...one, month: '2011-5' }, { ...one, revenueMilli: Number.NaN as Milli }, one]],
      ['a hostile name', [{ ...one, country: HOSTILE }]],
    ])('%s: finite numbers and every country accounted for', (_, rows) => {
      const l = layoutBubbleMap(rows);
      expect(JSON.stringify(l)).not.toMatch(/NaN|null|Infinity/);
      const valid = rows.filter((r) => /^\d{4}-\d{2}$/.test(r.month) && Number.isFinite(r.revenueMilli));
      const shown = l.frames.flatMap((f) => [...f.bubbles, ...f.unmapped].map((b) => b.country));
      expect(shown.sort()).toEqual(valid.map((r) => r.country).sort());
      expect(l.invalidRows).toBe(rows.length - valid.length);
    });
  });
});
