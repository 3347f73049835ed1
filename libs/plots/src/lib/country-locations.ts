/**
 * Where a country name, as written in the sales data, sits on the map. The world-atlas
 * 110m file lacks small countries (Hong Kong, Singapore, Bahrain, Malta, the Channel
 * Islands) and uses other names (`EIRE` is Ireland, `RSA` South Africa), and centroids of
 * multi-part countries fall in odd places (France with French Guiana, USA with Alaska),
 * so every name in the data has a representative point here. Unknown names fall back to
 * the atlas (see `locate-country.ts`).
 */

export interface CountryPoint {
  /** Longitude, degrees east. */
  lon: number;
  /** Latitude, degrees north. */
  lat: number;
}

/** A rectangle of the globe, in degrees: [[west, south], [east, north]]. */
export type LonLatBox = [[number, number], [number, number]];

/** Data names that are not a place: always listed in the chart's note. */
export const NO_PLACE: ReadonlySet<string> = new Set(['european community', 'unspecified', 'unknown', 'other', '']);

const POINTS: Readonly<Record<string, CountryPoint>> = {
  'united kingdom': { lon: -1.6, lat: 52.8 },
  eire: { lon: -8.0, lat: 53.2 },
  ireland: { lon: -8.0, lat: 53.2 },
  'channel islands': { lon: -2.35, lat: 49.35 },
  germany: { lon: 10.4, lat: 51.1 },
  france: { lon: 2.4, lat: 46.7 },
  spain: { lon: -3.7, lat: 40.2 },
  portugal: { lon: -8.1, lat: 39.6 },
  netherlands: { lon: 5.6, lat: 52.2 },
  belgium: { lon: 4.6, lat: 50.6 },
  switzerland: { lon: 8.2, lat: 46.8 },
  austria: { lon: 14.5, lat: 47.6 },
  italy: { lon: 12.6, lat: 42.8 },
  malta: { lon: 14.4, lat: 35.9 },
  greece: { lon: 22.0, lat: 39.3 },
  cyprus: { lon: 33.2, lat: 35.0 },
  norway: { lon: 9.0, lat: 61.0 },
  sweden: { lon: 15.8, lat: 62.0 },
  finland: { lon: 26.0, lat: 63.0 },
  denmark: { lon: 9.4, lat: 56.0 },
  iceland: { lon: -18.6, lat: 64.9 },
  poland: { lon: 19.4, lat: 52.1 },
  'czech republic': { lon: 15.5, lat: 49.8 },
  czechia: { lon: 15.5, lat: 49.8 },
  lithuania: { lon: 23.9, lat: 55.3 },
  israel: { lon: 35.0, lat: 31.4 },
  lebanon: { lon: 35.9, lat: 33.9 },
  'saudi arabia': { lon: 45.1, lat: 24.0 },
  'united arab emirates': { lon: 54.3, lat: 24.0 },
  bahrain: { lon: 50.56, lat: 26.07 },
  japan: { lon: 138.5, lat: 36.5 },
  'hong kong': { lon: 114.17, lat: 22.32 },
  singapore: { lon: 103.82, lat: 1.35 },
  australia: { lon: 134.0, lat: -25.5 },
  usa: { lon: -98.5, lat: 39.5 },
  'united states': { lon: -98.5, lat: 39.5 },
  'united states of america': { lon: -98.5, lat: 39.5 },
  canada: { lon: -100.0, lat: 56.0 },
  brazil: { lon: -52.0, lat: -10.8 },
  rsa: { lon: 24.7, lat: -29.0 },
  'south africa': { lon: 24.7, lat: -29.0 },
};

/** Other spellings of atlas names, tried against the atlas when no point is listed. */
export const ATLAS_ALIASES: Readonly<Record<string, string>> = {
  usa: 'United States of America',
  eire: 'Ireland',
  rsa: 'South Africa',
  'czech republic': 'Czechia',
  korea: 'South Korea',
};

export function normalizeCountry(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * The listed point for `country`, `null` if the name is known to have no place, or
 * `undefined` if it is not listed (try the atlas). `extra` adds or overrides names.
 */
export function listedCountryPoint(country: string, extra: Readonly<Record<string, CountryPoint | null>> = {}): CountryPoint | null | undefined {
  const key = normalizeCountry(country);
  for (const [name, point] of Object.entries(extra)) if (normalizeCountry(name) === key) return point;
  if (NO_PLACE.has(key)) return null;
  return POINTS[key];
}
