import { formatMoney, type CountryMonthSales, type Milli } from '@ecomlake/model';
import { layoutBubbleMap, type BubbleFrame, type BubbleMapLayout, type BubbleMapOptions } from './bubble-layout';
import { escapeXml, mapTemplate } from './bubble-map-base';
import { frameLayers } from './bubble-map-frame';
import { formatCount } from './format';

/**
 * The map without any frame: sphere, land, borders, the Europe inset, title and legends,
 * with empty `data-layer` groups (`bubbles`, `inset-bubbles`, `labels`, `month`, `note`)
 * that a page can fill from `layout.frames` to animate the map itself.
 */
export function bubbleMapBaseSvg(layout: BubbleMapLayout): string {
  const t = mapTemplate(layout);
  return `${t.before}${escapeXml(`${layout.title}: the map without bubbles.`)}${t.after}${frameLayers(layout, undefined)}</svg>`;
}

/** One frame of the map as a complete SVG. */
export function bubbleMapFrameSvg(layout: BubbleMapLayout, index: number): string {
  return frameParts(layout, index).svg;
}

/** Just the frame's layers on a transparent canvas of the map's size, to draw over the rasterized base. */
export function bubbleMapOverlaySvg(layout: BubbleMapLayout, index: number): string {
  return frameParts(layout, index).overlay;
}

/** A frame as a complete SVG and as an overlay, from one drawing of its layers. */
export function frameParts(layout: BubbleMapLayout, index: number): { svg: string; overlay: string } {
  const frame = frameAt(layout, index);
  const t = mapTemplate(layout);
  const layers = frameLayers(layout, frame);
  return { svg: `${t.before}${escapeXml(describe(layout, frame))}${t.after}${layers}</svg>`, overlay: `${t.open}${layers}</svg>` };
}

/** The base as rasterized under every overlay: no frame layers at all. */
export function bubbleMapUnderlaySvg(layout: BubbleMapLayout): string {
  const t = mapTemplate(layout);
  return `${t.before}${escapeXml(layout.title)}${t.after}</svg>`;
}

export interface BubbleMapSvgs {
  layout: BubbleMapLayout;
  /** One SVG per frame, in `layout.frames` order. */
  frames: string[];
}

/** Lays out and draws every frame (one per month, or one for `period: 'all'`); a "no data" frame when there are no sales. */
export function bubbleMapSvgs(sales: readonly CountryMonthSales[], options: BubbleMapOptions = {}): BubbleMapSvgs {
  const layout = withFrames(layoutBubbleMap(sales, options));
  return { layout, frames: layout.frames.map((_, i) => bubbleMapFrameSvg(layout, i)) };
}

/** A layout with no frame (no sales) gets one "no data" frame, so there is always a map to show. */
export function withFrames(layout: BubbleMapLayout): BubbleMapLayout {
  if (layout.frames.length === 0) layout.frames.push({ key: 'none', label: 'No data', bubbles: [], labels: [], unmapped: [], note: 'No sales to show.', revenueMilli: 0 as Milli, orders: 0 });
  return layout;
}

function frameAt(layout: BubbleMapLayout, index: number): BubbleFrame {
  const frame = layout.frames[index];
  if (!frame) throw new RangeError(`Frame ${index} does not exist: the layout has ${layout.frames.length} frames (0–${layout.frames.length - 1}).`);
  return frame;
}

function describe(layout: BubbleMapLayout, frame: BubbleFrame): string {
  const top = frame.bubbles
    .slice(0, 5)
    .map((b) => `${b.country} ${formatMoney(b.revenueMilli)} (${formatCount(b.orders)} orders)`)
    .join(', ');
  const parts = [
    `${layout.title}, ${frame.label}: ${frame.bubbles.length} countries on the map, total ${formatMoney(frame.revenueMilli)} from ${formatCount(frame.orders)} orders.`,
    top ? `Largest: ${top}.` : 'No sales in this period.',
    frame.note,
    layout.invalidRows > 0 ? `${formatCount(layout.invalidRows)} rows with an invalid month or number were left out.` : '',
  ];
  return parts.filter(Boolean).join(' ');
}
