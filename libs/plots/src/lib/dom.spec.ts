import { expectValidSvg, texts } from '../test-fixtures/svg-assert';
import { HOSTILE } from '../test-fixtures/data';
import { appendText, cleanText, createSvg, serializeSvg } from './dom';
import { noDataSvg } from './no-data';

describe('createSvg and serializeSvg', () => {
  it('writes a standalone SVG with title, desc and escaped data strings', () => {
    const svg = createSvg({ width: 200, height: 100, title: HOSTILE, description: `desc ${HOSTILE}` });
    appendText(svg, HOSTILE).attr('data-name', HOSTILE);
    const out = serializeSvg(svg);
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;');
    expect(out).toContain('&amp;');
    const doc = expectValidSvg(out);
    expect(doc.querySelector('title')?.textContent).toBe(HOSTILE);
    expect(texts(doc)).toEqual([HOSTILE]);
    expect(doc.querySelector('text')?.getAttribute('data-name')).toBe(HOSTILE);
  });

  it('removes characters that XML cannot carry', () => {
    expect(cleanText('a\u0000b\u0007c\uFFFEd\uD800e')).toBe('abcde');
    expect(cleanText('tab\tnew\nline £ 😀')).toBe('tab\tnew\nline £ 😀');
    const svg = createSvg({ width: 10, height: 10, title: 'bell\u0007', description: 'x' });
    expectValidSvg(serializeSvg(svg));
  });
});

describe('noDataSvg', () => {
  it('says there is no data, in the chart and in its description', () => {
    const doc = expectValidSvg(noDataSvg({ width: 400, height: 200, title: 'Daily revenue', message: 'No trading days for Narnia' }));
    expect(doc.querySelector('.no-data')?.textContent).toBe('No trading days for Narnia');
    expect(doc.querySelector('desc')?.textContent).toBe('No trading days for Narnia');
  });
});
