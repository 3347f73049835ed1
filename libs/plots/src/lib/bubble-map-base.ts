import type { BubbleMapLayout } from './bubble-layout';
import { EUROPE } from './bubble-geometry';
import { drawBubbleLegends } from './bubble-legend';
import { cleanText, createSvg, serializeSvg } from './dom';
import { drawHeader } from './header';
import { textWidth } from './text-width';
import { theme } from './theme';
import { baseMap, insetMap } from './world';

/**
 * A map's static part serialized once, split where each frame's description and layers go:
 * a frame is `before + description + after + layers + '</svg>'`. The world outline is
 * ~100 kB of path data; building and serializing it once per map, not once per frame,
 * is what keeps 13 frames cheap.
 */
export interface MapTemplate {
  before: string;
  after: string;
  /** The root `<svg …>` tag alone, for an overlay holding just the frame layers. */
  open: string;
}

const DESCRIPTION_MARK = 'ecomlake-frame-description';
const templates = new WeakMap<BubbleMapLayout, MapTemplate>();

export function mapTemplate(layout: BubbleMapLayout): MapTemplate {
  let t = templates.get(layout);
  if (!t) {
    const svg = drawBase(layout);
    const text = serializeSvg(svg);
    const at = text.indexOf(DESCRIPTION_MARK);
    const end = text.lastIndexOf('</svg>');
    t = { before: text.slice(0, at), after: text.slice(at + DESCRIPTION_MARK.length, end), open: text.slice(0, text.indexOf('>') + 1) };
    templates.set(layout, t);
  }
  return t;
}

/** Escapes text for XML content (what the DOM does when it serializes). */
export function escapeXml(text: string): string {
  return cleanText(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function drawBase(layout: BubbleMapLayout) {
  const { width, height, mapBox } = layout;
  const svg = createSvg({ width, height, title: layout.title, description: DESCRIPTION_MARK });
  const longestMonth = Math.max(0, ...layout.frames.map((f) => textWidth(f.label, theme.fontSize.month, { bold: true })));
  drawHeader(svg, { title: layout.title, subtitle: layout.subtitle, width, reserveRight: longestMonth + 16 });
  const map = baseMap([[mapBox.x, mapBox.y], [mapBox.x + mapBox.width, mapBox.y + mapBox.height]]);
  const world = svg.append('g').attr('class', 'world');
  world.append('path').attr('class', 'sphere').attr('d', map.sphere).attr('fill', theme.color.ocean);
  world.append('path').attr('class', 'land').attr('d', map.land).attr('fill', theme.color.land);
  world.append('path').attr('class', 'borders').attr('d', map.borders).attr('fill', 'none').attr('stroke', theme.color.border).attr('stroke-width', 0.5);
  world.append('path').attr('class', 'sphere-outline').attr('d', map.sphere).attr('fill', 'none').attr('stroke', theme.color.sphere);
  if (layout.inset) {
    const { box, outline } = layout.inset;
    world.append('path').attr('class', 'inset-area').attr('d', outline).attr('fill', 'none').attr('stroke', theme.color.muted).attr('stroke-width', 0.8).attr('stroke-dasharray', '3 2');
    const inset = insetMap([[box.x + 6, box.y + 20], [box.x + box.width - 6, box.y + box.height - 6]], EUROPE, map.projection);
    const g = svg.append('g').attr('class', 'inset');
    g.append('rect').attr('x', box.x).attr('y', box.y).attr('width', box.width).attr('height', box.height).attr('fill', theme.color.ocean);
    g.append('path').attr('class', 'land').attr('d', inset.land).attr('fill', theme.color.land);
    g.append('path').attr('class', 'borders').attr('d', inset.borders).attr('fill', 'none').attr('stroke', theme.color.border).attr('stroke-width', 0.7);
  }
  drawBubbleLegends(svg.append('g').attr('class', 'legends'), layout);
  return svg;
}
