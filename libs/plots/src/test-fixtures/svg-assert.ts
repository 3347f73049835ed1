import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');

/** Parses SVG as XML (not HTML), throwing with the parser's message if it is not well-formed. */
export function parseSvg(svg: string): Document {
  const doc = new window.DOMParser().parseFromString(svg, 'image/svg+xml');
  const error = doc.getElementsByTagName('parsererror')[0];
  if (error) throw new Error(`SVG is not well-formed XML: ${error.textContent}`);
  return doc;
}

/** Well-formed, `<svg>` root with `<title>` and `<desc>`, and no NaN/undefined/Infinity anywhere. */
export function expectValidSvg(svg: string): Document {
  const doc = parseSvg(svg);
  expect(doc.documentElement.tagName).toBe('svg');
  expect(doc.documentElement.getAttribute('xmlns')).toBe('http://www.w3.org/2000/svg');
  const title = doc.querySelector('svg > title');
  const desc = doc.querySelector('svg > desc');
  expect(title?.textContent?.length).toBeGreaterThan(0);
  expect(desc?.textContent?.length).toBeGreaterThan(0);
  expect(svg).not.toMatch(/NaN|undefined|Infinity|null/);
  return doc;
}

/** Text content of every `<text>` element, in document order. */
export function texts(doc: Document, selector = 'text'): string[] {
  return Array.from(doc.querySelectorAll(selector)).map((t) => t.textContent ?? '');
}
