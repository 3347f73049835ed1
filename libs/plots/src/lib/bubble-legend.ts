import type { BubbleMapLayout } from './bubble-layout';
import { appendText, type G } from './dom';
import { uniqueId } from './ids';
import { theme } from './theme';

const RAMP_WIDTH = 200;

/** Colour ramp (orders) and nested circles (revenue) in the footer band. */
export function drawBubbleLegends(g: G, layout: BubbleMapLayout): void {
  const top = layout.footer.y;
  const size = theme.fontSize.label;
  const { color } = layout.legend;

  const ramp = g.append('g').attr('class', 'color-legend').attr('transform', `translate(${layout.footer.colorLegendX},${top})`);
  appendText(ramp, 'Orders (log scale)').attr('y', 18).attr('font-weight', 'bold').attr('font-size', size);
  const id = uniqueId('ramp');
  const gradient = ramp.append('linearGradient').attr('id', id);
  for (const s of color.stops) gradient.append('stop').attr('offset', s.offset).attr('stop-color', s.color);
  ramp.append('rect').attr('y', 26).attr('width', RAMP_WIDTH).attr('height', 12).attr('fill', `url(#${id})`);
  const ticks = ramp.append('g').attr('fill', theme.color.muted).attr('font-size', size);
  for (const t of color.ticks) {
    const x = Math.round(t.offset * RAMP_WIDTH * 10) / 10;
    ticks.append('line').attr('x1', x).attr('x2', x).attr('y1', 38).attr('y2', 42).attr('stroke', theme.color.axis);
    appendText(ticks, t.label).attr('x', x).attr('y', 54).attr('text-anchor', t.offset > 0.97 ? 'end' : t.offset < 0.03 ? 'start' : 'middle');
  }

  const sizes = layout.legend.size;
  if (sizes.length === 0) return;
  const maxR = Math.max(...sizes.map((s) => s.r));
  const legend = g.append('g').attr('class', 'size-legend').attr('transform', `translate(${layout.footer.sizeLegendX},${top})`);
  appendText(legend, 'Revenue').attr('y', 18).attr('font-weight', 'bold').attr('font-size', size);
  // Nested circles sharing a bottom edge, labelled at their tops to the right.
  const cx = 64 + maxR;
  const bottom = Math.max(8 + 2 * maxR, 44) + 4;
  const circles = legend.append('g').attr('fill', 'none').attr('stroke', theme.color.muted);
  const labels = legend.append('g').attr('fill', theme.color.muted).attr('font-size', size);
  sizes.forEach((s, i) => {
    circles.append('circle').attr('cx', cx).attr('cy', bottom - s.r).attr('r', s.r);
    const ty = bottom - 2 * s.r;
    // Small circles' tops are close together: spread their labels downwards.
    const labelY = Math.max(ty, 10 + i * 13);
    circles.append('line').attr('x1', cx).attr('x2', cx + maxR + 8).attr('y1', ty).attr('y2', labelY).attr('stroke-dasharray', '2 2');
    appendText(labels, s.label).attr('x', cx + maxR + 12).attr('y', labelY).attr('dy', '0.32em');
  });
}
