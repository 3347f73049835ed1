import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it('parses whole numbers of units, signed', () => {
    expect(parseQuantity('6')).toBe(6);
    expect(parseQuantity('-12')).toBe(-12);
    expect(parseQuantity('+3')).toBe(3);
    expect(parseQuantity(' 80995 ')).toBe(80995);
    expect(parseQuantity('999999999')).toBe(999999999);
    expect(Object.is(parseQuantity('-0'), 0)).toBe(true);
  });

  it('rejects fractions, special values, exponents and more than 9 digits', () => {
    for (const bad of ['', '-', '1.5', '6.0', 'NaN', 'Infinity', '1e400', '1e3', '1000000000', 'six', '1 2']) {
      expect(parseQuantity(bad)).toBeUndefined();
    }
  });

  it('ignores spaces and tabs around the number, and nothing else', () => {
    expect(parseQuantity('\t6')).toBe(6);
    expect(parseQuantity(' \t6 \t')).toBe(6);
    for (const bad of ['\u00a06', '6\u00a0', '6\n', '\v6']) expect(parseQuantity(bad)).toBeUndefined();
  });

  it('reads a span of a larger text', () => {
    expect(parseQuantity('a,-7,b', 2, 4)).toBe(-7);
  });
});
