import { textWidth, truncateText, wrapText } from './text-width';

describe('textWidth', () => {
  it('uses DejaVu Sans advance widths', () => {
    // DejaVu Sans: "0" is 1303/2048 em, "i" 569/2048 em.
    expect(textWidth('0', 10)).toBeCloseTo(6.36, 2);
    expect(textWidth('iiii', 10)).toBeCloseTo(11.12, 2);
    expect(textWidth('W', 10)).toBeGreaterThan(textWidth('l', 10) * 3);
  });

  it('is wider in bold and scales with font size', () => {
    expect(textWidth('Germany', 12, { bold: true })).toBeGreaterThan(textWidth('Germany', 12));
    expect(textWidth('Germany', 24)).toBeCloseTo(2 * textWidth('Germany', 12), 6);
  });

  it('estimates unknown characters instead of ignoring them', () => {
    expect(textWidth('日本', 10)).toBe(20);
    expect(textWidth('Ω', 10)).toBeGreaterThan(0);
  });
});

describe('truncateText', () => {
  it('keeps text that fits and cuts text that does not, with an ellipsis', () => {
    expect(truncateText('Spain', 11, 100)).toBe('Spain');
    const cut = truncateText('United Arab Emirates', 11, 60);
    expect(cut.endsWith('…')).toBe(true);
    expect(textWidth(cut, 11)).toBeLessThanOrEqual(60);
  });
});

describe('wrapText', () => {
  it('breaks at spaces within the width and limits the lines', () => {
    const lines = wrapText('Not on the map: European Community (£400), Unspecified (£1.1k).', 10, 120);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(textWidth(l, 10)).toBeLessThanOrEqual(120);
    const two = wrapText('a b c d e f g h i j k l m n o p q r s t u v w x y z '.repeat(5), 10, 50, 2);
    expect(two).toHaveLength(2);
    expect(two[1].endsWith('…')).toBe(true);
  });
});
