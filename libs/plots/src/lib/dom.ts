import { select, type BaseType, type Selection } from 'd3';
import { theme } from './theme';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A d3 selection of an SVG group or root. Charts append into these. */
export type G = Selection<SVGGElement, unknown, null, undefined>;
export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;

interface DomContext {
  document: Document;
  serializer: XMLSerializer;
}

// One jsdom window for every chart: creating one costs tens of milliseconds, and charts
// are built as detached elements, so nothing leaks between charts.
let shared: DomContext | undefined;

function context(): DomContext {
  if (!shared) {
    // Required on the first chart, not on import: loading jsdom takes ~0.3 s, and users of
    // toPng or the layouts alone never need it.
    const { JSDOM } = require('jsdom') as typeof import('jsdom');
    const { window } = new JSDOM('<!DOCTYPE html><html><body></body></html>');
    shared = { document: window.document, serializer: new window.XMLSerializer() };
  }
  return shared;
}

/** Drops the shared jsdom window (and with it every cached element); the next chart makes a new one. */
export function resetDom(): void {
  shared = undefined;
}

/** Characters XML 1.0 forbids even when escaped; data strings could carry them. */
// eslint-disable-next-line no-control-regex
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Makes any string safe as SVG text content. The DOM escapes `<`, `&` and quotes when
 * serializing; this removes what no escaping can make valid (control characters, lone surrogates).
 */
export function cleanText(text: string): string {
  return String(text).replace(XML_INVALID, '');
}

export interface SvgRootOptions {
  width: number;
  height: number;
  /** Becomes `<title>`: what the chart is. */
  title: string;
  /** Becomes `<desc>`: what the chart shows, in words (for screen readers and search). */
  description: string;
}

/** A new detached `<svg>` with `<title>`, `<desc>`, a background and the theme font. */
export function createSvg(options: SvgRootOptions): Svg {
  const { document } = context();
  const width = Math.round(options.width);
  const height = Math.round(options.height);
  const svg = select(document.createElementNS(SVG_NS, 'svg') as SVGSVGElement)
    .attr('xmlns', SVG_NS)
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('role', 'img')
    .attr('font-family', theme.fontFamily)
    .attr('font-size', theme.fontSize.axis)
    .attr('fill', theme.color.text);
  svg.append('title').text(cleanText(options.title));
  svg.append('desc').text(cleanText(options.description));
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', theme.color.background);
  return svg;
}

/** A new detached SVG element (for parts serialized on their own). */
export function svgElement<K extends keyof SVGElementTagNameMap>(name: K): SVGElementTagNameMap[K] {
  return context().document.createElementNS(SVG_NS, name) as SVGElementTagNameMap[K];
}

/** The SVG (or a detached part of one) as XML text; the DOM escapes text and attribute values. */
export function serializeSvg(svg: Svg | G): string {
  return context().serializer.serializeToString(svg.node() as Node);
}

/** Adds text, removing characters that would make the XML invalid. */
export function appendText<P extends BaseType>(parent: Selection<P, unknown, null, undefined>, text: string): Selection<SVGTextElement, unknown, null, undefined> {
  return parent.append('text').text(cleanText(text));
}
