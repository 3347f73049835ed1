import { select, type Selection } from 'd3';
import type { Bubble, BubbleFrame, BubbleMapLayout } from './bubble-layout';
import { appendText, serializeSvg, svgElement, type G } from './dom';
import { uniqueId } from './ids';
import type { Rect } from './label-placement';
import { wrapText } from './text-width';
import { theme } from './theme';

/**
 * The layers that change from frame to frame, drawn over the static map: world bubbles
 * (kept off the inset), inset bubbles (kept inside it), the inset's frame and title,
 * labels, month and note. `frame` undefined gives the empty layers, for a page to fill.
 */
export function frameLayers(layout: BubbleMapLayout, frame: BubbleFrame | undefined): string {
  const root = select(svgElement('g')).attr('class', 'frame');
  const { width, height } = layout;
  const worldBubbles = root.append('g').attr('data-layer', 'bubbles');
  const inset = layout.inset;
  let insetBubbles: G | undefined;
  // Clip paths cost librsvg a full-canvas mask each: only circles that cross the inset's edge get one.
  let clipOutside: string | undefined;
  let clipInside: string | undefined;
  if (inset) {
    const { box } = inset;
    const defs = root.append('defs');
    const bubbles = frame?.bubbles ?? [];
    // The empty layers (for a page) always get both clips: a browser does not mind.
    if (!frame || bubbles.some((b) => touches(b, b.r, box))) {
      clipOutside = uniqueId('world-clip');
      defs.append('clipPath').attr('id', clipOutside).append('path').attr('clip-rule', 'evenodd').attr('d', `M0,0H${width}V${height}H0Z M${box.x},${box.y}V${box.y + box.height}H${box.x + box.width}V${box.y}Z`);
    }
    if (!frame || bubbles.some((b) => b.inset && !within(b.inset, b.r, box))) {
      clipInside = uniqueId('inset-clip');
      defs.append('clipPath').attr('id', clipInside).append('rect').attr('x', box.x).attr('y', box.y).attr('width', box.width).attr('height', box.height);
    }
    if (!clipOutside && !clipInside) defs.remove();
    insetBubbles = root.append('g').attr('data-layer', 'inset-bubbles');
    if (!frame) {
      worldBubbles.attr('clip-path', `url(#${clipOutside})`);
      insetBubbles.attr('clip-path', `url(#${clipInside})`);
    }
    root.append('rect').attr('class', 'inset-frame').attr('x', box.x).attr('y', box.y).attr('width', box.width).attr('height', box.height).attr('fill', 'none').attr('stroke', theme.color.muted);
    appendText(root, inset.title).attr('x', box.x + 6).attr('y', box.y + 14).attr('font-weight', 'bold').attr('font-size', theme.fontSize.label).call(halo);
  }
  const labels = root.append('g').attr('data-layer', 'labels').attr('font-size', theme.fontSize.label);
  const month = root.append('g').attr('data-layer', 'month');
  const note = root.append('g').attr('data-layer', 'note').attr('font-size', theme.fontSize.note).attr('fill', theme.color.muted);
  if (frame) {
    const box = inset?.box;
    drawBubbles(worldBubbles, frame.bubbles, (b) => b, (b) => (clipOutside && box && touches(b, b.r, box) ? clipOutside : undefined));
    const insetAt = (b: Bubble) => b.inset ?? b;
    if (insetBubbles) drawBubbles(insetBubbles, frame.bubbles.filter((b) => b.inset), insetAt, (b) => (clipInside && box && !within(insetAt(b), b.r, box) ? clipInside : undefined));
    for (const l of frame.labels) {
      if (l.leader) labels.append('line').attr('x1', l.leader.x1).attr('y1', l.leader.y1).attr('x2', l.leader.x2).attr('y2', l.leader.y2).attr('stroke', theme.color.muted).attr('stroke-width', 0.8);
      appendText(labels, l.text).attr('x', l.x).attr('y', l.y).attr('text-anchor', l.anchor).call(halo);
    }
    appendText(month, frame.label).attr('x', width - theme.margin.right).attr('y', 40).attr('text-anchor', 'end').attr('font-size', theme.fontSize.month).attr('font-weight', 'bold');
    const area = layout.footer.note;
    wrapText(frame.note, theme.fontSize.note, area.width, 5).forEach((line, i) => appendText(note, line).attr('x', area.x).attr('y', area.y + 16 + i * 14));
  }
  return serializeSvg(root);
}

function drawBubbles(layer: G, bubbles: readonly Bubble[], at: (b: Bubble) => { x: number; y: number }, clip: (b: Bubble) => string | undefined): void {
  layer
    .attr('fill-opacity', 0.85)
    .attr('stroke', theme.color.bubbleStroke)
    .attr('stroke-width', 0.8)
    .selectAll('circle')
    .data(bubbles)
    .join('circle')
    .attr('cx', (b) => at(b).x)
    .attr('cy', (b) => at(b).y)
    .attr('r', (b) => b.r)
    .attr('fill', (b) => b.fill)
    .attr('clip-path', (b) => {
      const id = clip(b);
      return id ? `url(#${id})` : null;
    })
    .append('title')
    .text((b) => b.title);
}

/** Does the circle reach into the box? */
function touches(c: { x: number; y: number }, r: number, box: Rect): boolean {
  const dx = Math.max(box.x - c.x, 0, c.x - (box.x + box.width));
  const dy = Math.max(box.y - c.y, 0, c.y - (box.y + box.height));
  return dx * dx + dy * dy < r * r;
}

/** Does the circle lie wholly inside the box? */
function within(c: { x: number; y: number }, r: number, box: Rect): boolean {
  return c.x - r >= box.x && c.x + r <= box.x + box.width && c.y - r >= box.y && c.y + r <= box.y + box.height;
}

/** A white outline under text keeps it legible over land and bubbles. */
function halo(text: Selection<SVGTextElement, unknown, null, undefined>): void {
  text.attr('stroke', theme.color.halo).attr('stroke-width', 3).attr('stroke-linejoin', 'round').attr('paint-order', 'stroke');
}
