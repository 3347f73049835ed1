import { formatMoney, milli } from '@ecomlake/model';
import { escapeHtml, htmlTable, scriptJson, svgImage } from './html';

test('escapeHtml neutralises markup from the data', () => {
  expect(escapeHtml(`<script>alert("x")</script> & 'q'`)).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;');
});

test('scriptJson cannot close the script element and still parses to the same value', () => {
  const value = { description: '</script><script>alert(1)</script>', note: 'a\u2028b <!-- c' };
  const json = scriptJson(value);
  expect(json).not.toMatch(/<\/script/i);
  expect(json).not.toContain('<!--');
  expect(JSON.parse(json)).toEqual(value);
});

test('htmlTable escapes every cell and marks numbers', () => {
  const html = htmlTable(['Country', 'Revenue'], [['<b>UK</b>', 1234567]]);
  expect(html).toContain('<td>&lt;b&gt;UK&lt;/b&gt;</td>');
  expect(html).toContain('<td class="num">1,234,567</td>');
});

test('htmlTable right-aligns money written by formatMoney, and only money', () => {
  const html = htmlTable(['Country', 'Revenue', 'Net'], [['£5 voucher', formatMoney(milli(1_234_567_890)), formatMoney(milli(-23_009_630))]]);
  expect(html).toContain('<td>£5 voucher</td>');
  expect(html).toContain('<td class="num">£1,234,567.89</td>');
  expect(html).toContain('<td class="num">−£23,009.63</td>');
});

test('svgImage embeds the chart as a data URI', () => {
  const html = svgImage('<svg xmlns="http://www.w3.org/2000/svg"><text>£</text></svg>', 'a "chart"');
  const base64 = /base64,([^"]+)"/.exec(html)?.[1] ?? '';
  expect(Buffer.from(base64, 'base64').toString('utf8')).toContain('<text>£</text>');
  expect(html).toContain('alt="a &quot;chart&quot;"');
});
