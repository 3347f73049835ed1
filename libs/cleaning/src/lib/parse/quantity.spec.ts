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

  it('reads a span of a larger text', () => {
    expect(parseQuantity('a,-7,b', 2, 4)).toBe(-7);
  });
});
