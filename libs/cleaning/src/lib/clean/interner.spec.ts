import { createInterner, detach, sameText } from './interner';

describe('sameText', () => {
  const text = '536365,85123A,WHITE HANGING HEART,6';

  it('compares a span of a text with a string, without the span', () => {
    expect(sameText('85123A', text, 7, 13)).toBe(true);
    expect(sameText('85123B', text, 7, 13)).toBe(false);
    expect(sameText('85123', text, 7, 13)).toBe(false);
    expect(sameText('', text, 7, 7)).toBe(true);
    expect(sameText('WHITE HANGING HEART', text, 14, 33)).toBe(true);
    expect(sameText('WHITE HANGING HEARTS', text, 14, 33)).toBe(false);
  });
});

describe('the interner', () => {
  it('gives equal spans of different texts one id, and keeps a copy of the first', () => {
    const strings = createInterner();
    const a = strings.intern('x,United Kingdom,y', 2, 16);
    const b = strings.intern('United Kingdom', 0, 14);
    const c = strings.intern('United Kingdoms', 0, 15);
    expect([a, b, c]).toEqual([0, 0, 1]);
    expect(strings.keys).toEqual(['United Kingdom', 'United Kingdoms']);
  });

  it('gives the empty string one id', () => {
    const strings = createInterner();
    expect([strings.intern('', 0, 0), strings.intern('a,,b', 2, 2), strings.intern('x', 0, 1), strings.intern('', 0, 0)]).toEqual([0, 0, 1, 0]);
  });

  it('finds every key again after growing', () => {
    const strings = createInterner();
    const values = Array.from({ length: 1000 }, (_, i) => `C${536000 + i}`);
    values.forEach((v, i) => expect(strings.intern(v, 0, v.length)).toBe(i));
    expect(values.map((v) => strings.intern(`,${v},`, 1, v.length + 1))).toEqual(values.map((_, i) => i));
  });

  it('detaches long slices into copies of the same text', () => {
    expect(detach('abc,WHITE HANGING HEART T-LIGHT HOLDER,x', 4, 38)).toBe('WHITE HANGING HEART T-LIGHT HOLDER');
  });
});
