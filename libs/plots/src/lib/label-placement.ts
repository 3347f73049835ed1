import { textWidth } from './text-width';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelRequest {
  /** Returned with the placement, to match it to its mark. */
  key: string;
  text: string;
  /** The mark's centre. */
  x: number;
  y: number;
  /** The mark's radius: labels go just outside it. */
  radius: number;
}

export interface PlacedLabel {
  key: string;
  text: string;
  /** Text anchor point (baseline). */
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
  box: Rect;
  /** Set when the label sits away from its mark: a line from the mark's edge to the label. */
  leader?: { x1: number; y1: number; x2: number; y2: number };
}

export interface PlaceLabelsOptions {
  fontSize: number;
  /** Labels must lie inside. */
  bounds: Rect;
  /** Areas labels must not cover (legends, titles, other marks' centres). Default none. */
  obstacles?: readonly Rect[];
  /** Free space kept around each label, px. Default 2. */
  padding?: number;
  /** Gap between a mark's edge and its label, px. Default 3. */
  gap?: number;
  /** Distance of the second ring of positions (with a leader line), beyond the first. Default 16. */
  leaderLength?: number;
}

// Directions tried in order: right, left, above, below, then the diagonals.
const DIRECTIONS: readonly [number, number][] = [
  [1, 0], [-1, 0], [0, -1], [0, 1], [1, -1], [-1, -1], [1, 1], [-1, 1],
];

/**
 * Greedy label placement, in request order (put the most important first): each label takes
 * the first position around its mark that stays in bounds and overlaps neither obstacles
 * nor labels already placed; a label with no such position is left out, never overlapped.
 */
export function placeLabels(requests: readonly LabelRequest[], options: PlaceLabelsOptions): PlacedLabel[] {
  const { fontSize, bounds, padding = 2, gap = 3, leaderLength = 16 } = options;
  const taken: Rect[] = [...(options.obstacles ?? [])];
  const placed: PlacedLabel[] = [];
  for (const request of requests) {
    const width = textWidth(request.text, fontSize);
    for (const ring of [0, leaderLength]) {
      const found = DIRECTIONS.map(([dx, dy]) => candidate(request, width, fontSize, dx, dy, request.radius + gap + ring)).find(
        (c) => inside(c.box, bounds) && !taken.some((r) => overlaps(grow(c.box, padding), r)),
      );
      if (found) {
        if (ring > 0) found.leader = leaderLine(request, found.box);
        placed.push(found);
        taken.push(found.box);
        break;
      }
    }
  }
  return placed;
}

function candidate(request: LabelRequest, width: number, fontSize: number, dx: number, dy: number, distance: number): PlacedLabel {
  const diagonal = dx !== 0 && dy !== 0 ? Math.SQRT1_2 : 1;
  const ax = request.x + dx * distance * diagonal;
  const ay = request.y + dy * distance * diagonal;
  const anchor = dx > 0 ? 'start' : dx < 0 ? 'end' : 'middle';
  const left = anchor === 'start' ? ax : anchor === 'end' ? ax - width : ax - width / 2;
  const ascent = fontSize * 0.76;
  const descent = fontSize * 0.24;
  // Vertically: centred beside the mark, above it when going up, below it when going down.
  const baseline = dy === 0 ? ay + (ascent - descent) / 2 : dy < 0 ? ay - descent : ay + ascent;
  return {
    key: request.key,
    text: request.text,
    x: ax,
    y: baseline,
    anchor,
    box: { x: left, y: baseline - ascent, width, height: ascent + descent },
  };
}

function leaderLine(request: LabelRequest, box: Rect): PlacedLabel['leader'] {
  const tx = Math.max(box.x, Math.min(request.x, box.x + box.width));
  const ty = Math.max(box.y, Math.min(request.y, box.y + box.height));
  const d = Math.hypot(tx - request.x, ty - request.y) || 1;
  return { x1: request.x + ((tx - request.x) / d) * request.radius, y1: request.y + ((ty - request.y) / d) * request.radius, x2: tx, y2: ty };
}

export function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(a: Rect, b: Rect): boolean {
  return a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width && a.y + a.height <= b.y + b.height;
}

function grow(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by };
}
