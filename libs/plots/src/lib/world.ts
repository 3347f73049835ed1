import { geoNaturalEarth1, geoPath, type GeoPermissibleObjects, type GeoProjection } from 'd3';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { normalizeCountry, type LonLatBox } from './country-locations';

export interface Atlas {
  countries: FeatureCollection<Polygon | MultiPolygon, { name: string }>;
  /** Land as one shape: half the path data of the countries, for the fill. */
  land: GeoPermissibleObjects;
  borders: GeoPermissibleObjects;
  byName: Map<string, Feature<Polygon | MultiPolygon, { name: string }>>;
}

let atlas: Atlas | undefined;

/** world-atlas 110m countries and land, parsed once. */
export function loadAtlas(): Atlas {
  if (!atlas) {
    // Literal requires, not a path built at run time: a bundler (esbuild for the Lambdas) inlines
    // the JSON, so the atlas travels inside the bundle instead of being looked up beside it.
    const topology = require('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const landTopology = require('world-atlas/land-110m.json') as Topology<{ land: GeometryCollection }>;
    const countries = feature(topology, topology.objects.countries) as FeatureCollection<Polygon | MultiPolygon, { name: string }>;
    const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
    const land = feature(landTopology, landTopology.objects.land);
    const byName = new Map(countries.features.map((f) => [normalizeCountry(f.properties.name), f]));
    atlas = { countries, land, borders, byName };
  }
  return atlas;
}

/** The projected map drawing, shared by every frame of one size. */
export interface BaseMap {
  projection: GeoProjection;
  sphere: string;
  land: string;
  borders: string;
}

const baseMaps = new Map<string, BaseMap>();

/**
 * Natural Earth projection of the whole sphere fitted into the box, with the path strings
 * of sphere, land and borders. Cached per box: projecting the world is the costly part of
 * a frame, and every month's frame shares it.
 */
export function baseMap(box: [[number, number], [number, number]]): BaseMap {
  const key = box.flat().join(',');
  let map = baseMaps.get(key);
  if (!map) {
    const { land, borders } = loadAtlas();
    const projection = geoNaturalEarth1().fitExtent(box, { type: 'Sphere' });
    const path = geoPath(projection).digits(1);
    map = { projection, sphere: path({ type: 'Sphere' }) ?? '', land: path(land) ?? '', borders: path(borders) ?? '' };
    baseMaps.set(key, map);
  }
  return map;
}

/** The magnified map in an inset: clipped to its box, plus the outline of its area on the main map. */
export interface InsetMap {
  projection: GeoProjection;
  land: string;
  borders: string;
  /** Where the inset's area lies on the main map (a path in main-map pixels). */
  outline: string;
}

const insetMaps = new Map<string, InsetMap>();

/**
 * A Natural Earth projection of `area` fitted into `box`, with land and borders clipped to
 * the box (by d3, so the paths stay small and need no clip path). Cached like `baseMap`.
 */
export function insetMap(box: [[number, number], [number, number]], area: LonLatBox, main: GeoProjection): InsetMap {
  const key = [...box.flat(), ...area.flat()].join(',');
  let map = insetMaps.get(key);
  if (!map) {
    const { land, borders } = loadAtlas();
    const [[w, s], [e, n]] = area;
    const ring: [number, number][] = [];
    // Densified edges so the outline follows the projection's curves.
    for (let k = 0; k <= 20; k++) ring.push([w + ((e - w) * k) / 20, s]);
    for (let k = 0; k <= 20; k++) ring.push([e, s + ((n - s) * k) / 20]);
    for (let k = 20; k >= 0; k--) ring.push([w + ((e - w) * k) / 20, n]);
    for (let k = 20; k >= 0; k--) ring.push([w, s + ((n - s) * k) / 20]);
    const outline = { type: 'LineString' as const, coordinates: ring };
    const projection = geoNaturalEarth1()
      .rotate([-(w + e) / 2, 0])
      .fitExtent(box, { type: 'MultiPoint', coordinates: ring })
      .clipExtent(box);
    const path = geoPath(projection).digits(1);
    map = { projection, land: path(land) ?? '', borders: path(borders) ?? '', outline: geoPath(main).digits(1)(outline) ?? '' };
    insetMaps.set(key, map);
  }
  return map;
}

/** Forgets projected maps and the parsed atlas (for benchmarks measuring cold rendering). */
export function resetBaseMaps(): void {
  baseMaps.clear();
  insetMaps.clear();
  atlas = undefined;
}
