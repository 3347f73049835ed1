import { createReadStream, readdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { listedCountryPoint, NO_PLACE, normalizeCountry } from './country-locations';
import { locateCountry } from './locate-country';
import { defined } from '../test-fixtures/defined';

const DATA = path.resolve(__dirname, '../../../../../shared/data/online-retail/by-day');

/** The Country column (the last) of every file: country names never contain commas or quotes. */
async function countriesInRealData(): Promise<Set<string>> {
  const files = readdirSync(DATA).filter((f) => f.endsWith('.csv'));
  if (files.length === 0) throw new Error(`No CSV files in ${DATA}: the real dataset is missing.`);
  const names = new Set<string>();
  for (const f of files) {
    let header = true;
    for await (const line of createInterface({ input: createReadStream(path.join(DATA, f)) })) {
      if (header) {
        header = false;
        continue;
      }
      if (line) names.add(line.slice(line.lastIndexOf(',') + 1));
    }
  }
  return names;
}

const at = (country: string) => defined(locateCountry(country), country);

describe('locateCountry', () => {
  it('places the data names the 110m atlas lacks or spells differently', () => {
    const uk = at('United Kingdom');
    const eire = at('EIRE');
    expect(eire.lon).toBeLessThan(uk.lon); // Ireland is west of Great Britain
    expect(at('RSA').lat).toBeLessThan(-20);
    expect(at('USA').lon).toBeLessThan(-60);
    expect(at('Channel Islands').lat).toBeCloseTo(49.3, 0);
    expect(at('Hong Kong').lon).toBeCloseTo(114.2, 0);
    expect(at('Singapore').lat).toBeCloseTo(1.35, 1);
    expect(at('Bahrain').lon).toBeCloseTo(50.5, 0);
    expect(at('Malta').lat).toBeCloseTo(35.9, 0);
  });

  it('has no place for names that are not places', () => {
    expect(locateCountry('European Community')).toBeUndefined();
    expect(locateCountry('Unspecified')).toBeUndefined();
    expect(locateCountry('Atlantis')).toBeUndefined();
  });

  it('falls back to the atlas for countries not listed, and lets callers add or remove places', () => {
    const peru = at('Peru');
    expect(peru.lon).toBeGreaterThan(-82);
    expect(peru.lon).toBeLessThan(-68);
    expect(peru.lat).toBeLessThan(0);
    expect(locateCountry('Atlantis', { atlantis: { lon: -30, lat: 35 } })).toEqual({ lon: -30, lat: 35 });
    expect(locateCountry('Germany', { Germany: null })).toBeUndefined();
  });

  it('places every country of the real dataset, or knows it has no place', async () => {
    const names = await countriesInRealData();
    expect(names.size).toBeGreaterThanOrEqual(38);
    const unplaced = [...names].filter((n) => !locateCountry(n));
    expect(unplaced.sort()).toEqual(['European Community', 'Unspecified']);
    for (const n of unplaced) expect(NO_PLACE.has(normalizeCountry(n))).toBe(true);
    // Each one from the list, not from an atlas guess.
    for (const n of names) if (!NO_PLACE.has(normalizeCountry(n))) expect(listedCountryPoint(n)).toBeDefined();
  });
});
