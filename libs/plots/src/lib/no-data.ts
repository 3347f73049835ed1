import { appendText, createSvg, serializeSvg } from './dom';
import { drawHeader } from './header';
import { theme } from './theme';

export interface NoDataOptions {
  width: number;
  height: number;
  title: string;
  /** Why there is nothing to show, e.g. "No orders for customer 12345". */
  message: string;
}

/** A chart that says plainly that there is nothing to draw, instead of empty axes. */
export function noDataSvg(options: NoDataOptions): string {
  const svg = createSvg({ width: options.width, height: options.height, title: options.title, description: options.message });
  drawHeader(svg, { title: options.title, width: options.width });
  svg
    .append('rect')
    .attr('x', theme.margin.left / 2)
    .attr('y', 56)
    .attr('width', Math.max(0, options.width - theme.margin.left / 2 - theme.margin.right))
    .attr('height', Math.max(0, options.height - 56 - 16))
    .attr('fill', 'none')
    .attr('stroke', theme.color.grid)
    .attr('stroke-dasharray', '4 4');
  appendText(svg, options.message)
    .attr('class', 'no-data')
    .attr('x', options.width / 2)
    .attr('y', (options.height + 40) / 2)
    .attr('text-anchor', 'middle')
    .attr('font-size', theme.fontSize.subtitle + 2)
    .attr('fill', theme.color.muted);
  return serializeSvg(svg);
}
