import { formatMoney } from '@ecomlake/model';
import type { Bubble, BubbleLabel, UnmappedCountry } from './bubble-layout';
import type { MapGeometry } from './bubble-geometry';
import { placeLabels, type LabelRequest, type Rect } from './label-placement';
import { theme } from './theme';

/**
 * Labels the largest bubbles: those in the inset are labelled there (where they have
 * room), the others on the world map, where labels keep off the inset and the legends.
 */
export function labelBubbles(bubbles: readonly Bubble[], count: number, geo: MapGeometry): BubbleLabel[] {
  const top = bubbles.slice(0, count);
  const label = (b: Bubble, at: { x: number; y: number }): LabelRequest => ({ key: b.country, text: `${b.country} ${formatMoney(b.revenueMilli)}`, x: at.x, y: at.y, radius: b.r });
  const centre = (p: { x: number; y: number }): Rect => ({ x: p.x - 1.5, y: p.y - 1.5, width: 3, height: 3 });
  const world = placeLabels(
    top.filter((b) => !b.inset).map((b) => label(b, b)),
    { fontSize: theme.fontSize.label, bounds: geo.mapBox, obstacles: [...bubbles.map(centre), ...(geo.inset ? [geo.inset.box] : [])] },
  );
  const insetPoints = (list: readonly Bubble[]) => list.flatMap((b) => (b.inset ? [{ b, at: b.inset }] : []));
  const inset = geo.inset
    ? placeLabels(
        insetPoints(top).map(({ b, at }) => label(b, at)),
        { fontSize: theme.fontSize.label, bounds: geo.inset.labelBounds, obstacles: insetPoints(bubbles).map(({ at }) => centre(at)) },
      )
    : [];
  const order = new Map(top.map((b, i) => [b.country, i]));
  return [...world, ...inset]
    .sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0))
    .map((p) => ({
      country: p.key,
      text: p.text,
      x: round(p.x),
      y: round(p.y),
      anchor: p.anchor,
      ...(p.leader ? { leader: { x1: round(p.leader.x1), y1: round(p.leader.y1), x2: round(p.leader.x2), y2: round(p.leader.y2) } } : {}),
    }));
}

export function noteText(unmapped: readonly UnmappedCountry[]): string {
  const part = (u: UnmappedCountry) => `${u.country} (${formatMoney(u.revenueMilli)})`;
  const noPlace = unmapped.filter((u) => u.reason === 'no-place');
  const notPositive = unmapped.filter((u) => u.reason === 'not-positive');
  return [
    noPlace.length > 0 ? `Not on the map (no place): ${noPlace.map(part).join(', ')}.` : '',
    notPositive.length > 0 ? `No bubble (revenue ≤ £0): ${notPositive.map(part).join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
