import type { Axis, AxisDomain } from 'd3';
import type { G } from './dom';
import { theme } from './theme';

/** Draws a d3 axis in `g` in the theme's look (d3-axis would set its own font). */
export function drawAxis<D extends AxisDomain>(g: G, axis: Axis<D>, options: { domainLine?: boolean } = {}): G {
  g.call(axis);
  g.attr('font-family', null).attr('font-size', theme.fontSize.axis);
  g.selectAll('.tick line').attr('stroke', theme.color.axis);
  g.selectAll('.tick text').attr('fill', theme.color.muted);
  if (options.domainLine === false) g.select('.domain').remove();
  else g.select('.domain').attr('stroke', theme.color.axis);
  return g;
}

/** Light horizontal grid lines at `ticks` (y positions), across `width`. */
export function drawHorizontalGrid(g: G, ys: readonly number[], width: number): void {
  g.append('g')
    .attr('class', 'grid')
    .attr('stroke', theme.color.grid)
    .selectAll('line')
    .data(ys)
    .join('line')
    .attr('x1', 0)
    .attr('x2', width)
    .attr('y1', (y) => y)
    .attr('y2', (y) => y);
}

/** Rounds a pixel coordinate to 0.1 px: enough for rendering, keeps SVGs small. */
export function px(value: number): number {
  return Math.round(value * 10) / 10;
}
