import { appendText, type Svg } from './dom';
import { theme } from './theme';
import { truncateText } from './text-width';

export interface HeaderOptions {
  title: string;
  subtitle?: string;
  width: number;
  /** Space kept free at the right (for a legend or a month label). Default 0. */
  reserveRight?: number;
}

/** Title and subtitle at the top left, cut with an ellipsis rather than clipped. */
export function drawHeader(svg: Svg, options: HeaderOptions): void {
  const { left } = theme.margin;
  const available = options.width - left / 2 - theme.margin.right - (options.reserveRight ?? 0);
  appendText(svg, truncateText(options.title, theme.fontSize.title, available, { bold: true }))
    .attr('x', left / 2)
    .attr('y', 24)
    .attr('font-size', theme.fontSize.title)
    .attr('font-weight', 'bold');
  if (options.subtitle) {
    appendText(svg, truncateText(options.subtitle, theme.fontSize.subtitle, available))
      .attr('x', left / 2)
      .attr('y', 43)
      .attr('font-size', theme.fontSize.subtitle)
      .attr('fill', theme.color.muted);
  }
}
