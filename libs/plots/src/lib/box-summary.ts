import { px } from './axis';
import { appendText, type G } from './dom';
import type { Summary } from './summary-stats';
import { truncateText } from './text-width';
import { theme } from './theme';

const BOX = 10;

/** Horizontal box: whiskers p5–p95, box q1–q3, median bar, mean diamond; centred on y = 0. */
export function drawBoxSummary(g: G, s: Summary, x: (v: number) => number): void {
  g.attr('class', 'box-summary');
  const [p5, q1, med, q3, p95, mean] = [s.p5, s.q1, s.median, s.q3, s.p95, s.mean].map((v) => px(x(v)));
  g.append('line').attr('class', 'whisker').attr('x1', p5).attr('x2', p95).attr('stroke', theme.color.text).attr('stroke-width', 1);
  g.append('rect').attr('class', 'box').attr('x', q1).attr('width', px(Math.max(1, q3 - q1))).attr('y', -BOX / 2).attr('height', BOX).attr('fill', '#ffffff').attr('stroke', theme.color.text);
  g.append('line').attr('class', 'median').attr('x1', med).attr('x2', med).attr('y1', -BOX / 2).attr('y2', BOX / 2).attr('stroke', theme.color.text).attr('stroke-width', 2.5);
  g.append('path').attr('class', 'mean').attr('d', diamond(mean, 0, 4.5)).attr('fill', theme.color.reference);
}

/** The key to the box glyph, drawn in one row of at most `width` px. */
export function drawBoxLegend(g: G, width: number): void {
  g.attr('class', 'box-legend').attr('font-size', theme.fontSize.note).attr('fill', theme.color.muted);
  const sample = { n: 1, mean: 62, p5: 4, q1: 22, median: 34, q3: 48, p95: 78, min: 0, max: 80 };
  drawBoxSummary(g.append('g').attr('transform', 'translate(0,0)'), sample, (v) => v);
  const text = 'box: quartiles · bar: median · ◆ mean · whiskers: 5th–95th percentile';
  appendText(g, truncateText(text, theme.fontSize.note, width - 90)).attr('x', 90).attr('dy', '0.32em');
}

function diamond(cx: number, cy: number, r: number): string {
  return `M${px(cx)},${px(cy - r)}L${px(cx + r)},${px(cy)}L${px(cx)},${px(cy + r)}L${px(cx - r)},${px(cy)}Z`;
}
