import { appendText, type G } from './dom';
import { theme } from './theme';

/** A tick of a bottom axis. */
export interface AxisTick {
  /** Position along the axis, in px from its start. */
  x: number;
  /** Label under the tick. */
  label: string;
  /** A second, darker line under the label (e.g. the month under the first day). Default none. */
  context?: string;
}

export interface AxisOptions {
  /** Length of the axis line, in px. */
  width: number;
  /** Where the axis sits in its parent, in px from the top. */
  y: number;
  ticks: readonly AxisTick[];
  /** Baseline of the tick labels below the axis line, in px. Default 18. */
  labelY?: number;
  /** Axis title, right-aligned at the end of the axis under the labels. Default none. */
  title?: string;
}

/**
 * Draws a bottom axis in the theme's look: the axis line, a 5 px mark and a label per
 * tick, and an optional title. The charts' one x axis: they differ only in their ticks.
 */
export function drawAxis(parent: G, options: AxisOptions): G {
  const { width, y, ticks, labelY = 18, title } = options;
  const g = parent.append('g').attr('class', 'axis x').attr('transform', `translate(0,${y})`).attr('fill', theme.color.muted).attr('text-anchor', 'middle');
  g.append('line').attr('class', 'domain').attr('x2', width).attr('stroke', theme.color.axis);
  for (const tick of ticks) {
    const t = g.append('g').attr('class', 'tick').attr('transform', `translate(${px(tick.x)},0)`);
    t.append('line').attr('y2', 5).attr('stroke', theme.color.axis);
    appendText(t, tick.label).attr('y', labelY);
    if (tick.context) appendText(t, tick.context).attr('y', labelY + 14).attr('fill', theme.color.text);
  }
  if (title !== undefined) appendText(g, title).attr('x', width).attr('y', 36).attr('text-anchor', 'end').attr('fill', theme.color.text);
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
