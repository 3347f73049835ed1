/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** JSON safe to place inside a <script> element: no `</script>`, no `<!--`, no U+2028/9. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** A plain table; every cell is escaped. Numbers and money (`formatMoney`'s `£1,234.50`, `−£5.00`) are right-aligned, as in the terminal. */
export function htmlTable(columns: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((cell) => `<td${typeof cell === 'number' || MONEY.test(cell) ? ' class="num"' : ''}>${escapeHtml(formatCell(cell))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** An SVG as an <img> data URI: self-contained, and ids inside one chart cannot clash with another's. */
export function svgImage(svg: string, alt: string): string {
  return `<img alt="${escapeHtml(alt)}" src="data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}">`;
}

/** A cell written by `formatMoney` (from `@ecomlake/model`): digits line up with the numbers'. */
const MONEY = /^\u2212?£[\d,]+\.\d\d$/;

function formatCell(cell: string | number): string {
  return typeof cell === 'number' ? cell.toLocaleString('en-GB') : cell;
}
