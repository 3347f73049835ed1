/**
 * Text width estimates. jsdom does no layout (no getBBox), so, as Observable Plot does,
 * widths come from a per-character table: the advance widths of DejaVu Sans (Book and
 * Bold) in thousandths of an em, read from the fonts' hmtx tables.
 */
const CHARS = ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~£€–—…·×−’‘“”°é';
const REGULAR = [318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838, 636, 636, 500, 1000, 1000, 318, 838, 838, 318, 318, 518, 518, 500, 615];
const BOLD = [348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838, 696, 696, 500, 1000, 1000, 380, 838, 838, 380, 380, 657, 657, 500, 678];

const regular = new Map<string, number>();
const bold = new Map<string, number>();
Array.from(CHARS).forEach((ch, i) => {
  regular.set(ch, REGULAR[i]);
  bold.set(ch, BOLD[i]);
});

/** Unknown characters: East Asian wide ones take a full em, others a digit's width. */
function fallback(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0x2e80 ? 1000 : 636;
}

/** Estimated rendered width, in px, of `text` at `fontSize` px. */
export function textWidth(text: string, fontSize: number, options: { bold?: boolean } = {}): number {
  const table = options.bold ? bold : regular;
  let total = 0;
  for (const ch of text) total += table.get(ch) ?? fallback(ch);
  return (total * fontSize) / 1000;
}

/** Cuts `text` with an ellipsis so that it fits in `maxWidth` px. */
export function truncateText(text: string, fontSize: number, maxWidth: number, options: { bold?: boolean } = {}): string {
  if (textWidth(text, fontSize, options) <= maxWidth) return text;
  const chars = Array.from(text);
  while (chars.length > 0 && textWidth(chars.join('') + '\u2026', fontSize, options) > maxWidth) chars.pop();
  return chars.length > 0 ? chars.join('').trimEnd() + '\u2026' : '';
}

/** Breaks `text` at spaces into lines no wider than `maxWidth` px; at most `maxLines`, the last cut with an ellipsis. */
export function wrapText(text: string, fontSize: number, maxWidth: number, maxLines = Infinity): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = current ? `${current} ${word}` : word;
    if (current && textWidth(next, fontSize) > maxWidth) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  if (current) lines.push(current);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = truncateText(`${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`, fontSize, maxWidth);
    return kept.map((l) => truncateText(l, fontSize, maxWidth));
  }
  return lines.map((l) => truncateText(l, fontSize, maxWidth));
}
