import type { CountryPoint, LonLatBox } from './country-locations';
import { locateCountry } from './locate-country';
import type { Rect } from './label-placement';
import { baseMap, insetMap } from './world';

/** Europe, where most of the data's countries sit within a few degrees of each other. */
export const EUROPE: LonLatBox = [[-14, 35], [28, 63]];

const HEADER = 62;
const FOOTER = 84;

/** Where the parts of the map go, in SVG pixels (plain data, kept in the layout). */
export interface MapGeometry {
  width: number;
  height: number;
  /** Box the world's sphere is fitted into. */
  mapBox: Rect;
  inset?: {
    box: Rect;
    /** Labels of inset bubbles stay in here (below the inset's title). */
    labelBounds: Rect;
    title: string;
    /** The inset's area outlined on the world map (path data). */
    outline: string;
  };
  footer: { y: number; colorLegendX: number; sizeLegendX: number; note: Rect };
}

export interface PlacedPoint {
  x: number;
  y: number;
  inset?: { x: number; y: number };
}

/** The geometry of a `width`×`height` map and a function placing data countries on it. */
export function mapGeometry(
  width: number,
  height: number,
  withInset: boolean,
  maxRadius: number,
): { geometry: MapGeometry; place: (country: string, locations: Readonly<Record<string, CountryPoint | null>>) => PlacedPoint | undefined } {
  const footerY = height - FOOTER;
  const mapBox: Rect = { x: 12, y: HEADER, width: width - 24, height: Math.max(40, footerY - 4 - HEADER) };
  const main = baseMap([[mapBox.x, mapBox.y], [mapBox.x + mapBox.width, mapBox.y + mapBox.height]]);

  let inset: MapGeometry['inset'];
  let project: ((p: [number, number]) => [number, number] | null) | undefined;
  if (withInset) {
    const box: Rect = { x: 16, y: Math.round(height * 0.49), width: Math.round(width * 0.275), height: 0 };
    box.height = height - 8 - box.y;
    const map = insetMap([[box.x + 6, box.y + 20], [box.x + box.width - 6, box.y + box.height - 6]], EUROPE, main.projection);
    inset = { box, labelBounds: { x: box.x + 3, y: box.y + 20, width: box.width - 6, height: box.height - 23 }, title: 'Europe, enlarged', outline: map.outline };
    project = (p) => map.projection(p);
  }
  const colorLegendX = inset ? inset.box.x + inset.box.width + 24 : 32;
  const sizeLegendX = colorLegendX + 236;
  const noteX = sizeLegendX + 60 + 2 * maxRadius + 64;
  const geometry: MapGeometry = {
    width,
    height,
    mapBox,
    ...(inset ? { inset } : {}),
    footer: { y: footerY, colorLegendX, sizeLegendX, note: { x: noteX, y: footerY, width: Math.max(120, width - 24 - noteX), height: FOOTER } },
  };

  const cache = new Map<string, PlacedPoint | undefined>();
  const place = (country: string, locations: Readonly<Record<string, CountryPoint | null>>) => {
    if (!cache.has(country)) cache.set(country, placeOne(country, locations));
    return cache.get(country);
  };
  const placeOne = (country: string, locations: Readonly<Record<string, CountryPoint | null>>): PlacedPoint | undefined => {
    const point = locateCountry(country, locations);
    const xy = point && main.projection([point.lon, point.lat]);
    if (!point || !xy) return undefined;
    const placed: PlacedPoint = { x: round(xy[0]), y: round(xy[1]) };
    const inInset = inset && project?.([point.lon, point.lat]);
    const b = inset?.labelBounds;
    if (inInset && b && inInset[0] > b.x + 2 && inInset[0] < b.x + b.width - 2 && inInset[1] > b.y + 2 && inInset[1] < b.y + b.height - 2) {
      placed.inset = { x: round(inInset[0]), y: round(inInset[1]) };
    }
    return placed;
  };
  return { geometry, place };
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
