// Apart from world.ts so that its declarations, part of the public API, need no d3 types.
import { geoArea, geoCentroid } from 'd3';
import { ATLAS_ALIASES, listedCountryPoint, normalizeCountry, type CountryPoint } from './country-locations';
import { loadAtlas } from './world';

/**
 * Where `country` (as named in the data) goes: the listed point, else the atlas country's
 * largest polygon's centroid; `undefined` when it has no place.
 */
export function locateCountry(country: string, extra: Readonly<Record<string, CountryPoint | null>> = {}): CountryPoint | undefined {
  const listed = listedCountryPoint(country, extra);
  if (listed !== undefined) return listed ?? undefined;
  const key = normalizeCountry(country);
  const f = loadAtlas().byName.get(key) ?? loadAtlas().byName.get(normalizeCountry(ATLAS_ALIASES[key] ?? ''));
  if (!f) return undefined;
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const largest = polygons
    .map((coordinates) => ({ type: 'Polygon' as const, coordinates }))
    .reduce((a, b) => (geoArea(b) > geoArea(a) ? b : a));
  const [lon, lat] = geoCentroid(largest);
  return { lon, lat };
}
