import type { QualitySummary } from '@ecomlake/model';
import { costPreview } from './cost-preview';

const report = { items: 1_000, clean: 1_200, guests: 300 } as Pick<QualitySummary, 'items' | 'clean' | 'guests'> as QualitySummary;

describe('costPreview', () => {
  it('prices what the run consumed and scales a whole load by measured write units per item', () => {
    const preview = costPreview({ report, writeUnits: 2_760, written: 1_000, readUnits: 40, refreshReadUnits: 30 });
    // 2,760 WRU × $0.625/M + 40 RRU × $0.125/M
    expect(preview.run).toEqual({ writeUnits: 2_760, readUnits: 40, usd: 0.001730 });
    expect(preview.writeUnitsPerItem).toBe(2.76);
    expect(preview.writeUnitsPerItemMeasured).toBe(true);
    expect(preview.scaled.map((s) => [s.factor, s.items, s.load.writeUnits, s.refresh.readUnits])).toEqual([
      [1, 1_000, 2_760, 30],
      [10, 10_000, 27_600, 300],
      [100, 100_000, 276_000, 3_000],
    ]);
    expect(preview.scaled[2].load.usd).toBe(0.1725);
  });

  it('estimates write units per item from the share with a customer when nothing was written', () => {
    // 300 of 1,200 clean lines are guests: 1 for the item + 0.75 for CustomerIndex (a default table has no CountryIndex).
    const preview = costPreview({ report, writeUnits: 0, written: 0, readUnits: 305 });
    expect(preview.writeUnitsPerItem).toBe(1.75);
    expect(preview.writeUnitsPerItemMeasured).toBe(false);
    expect(preview.scaled[0].load.writeUnits).toBe(1_750);
  });
});
