import { formatMilli, formatMoney, milli, toPounds, type Milli, type Pounds } from './money';

// Expected strings are written by hand from the amounts: thousandths of a pound.
describe('milli', () => {
  it('brands whole thousandths, zero and negatives included', () => {
    expect(milli(269_320)).toBe(269_320);
    expect(milli(0)).toBe(0);
    expect(milli(-1)).toBe(-1);
    expect(milli(Number.MAX_SAFE_INTEGER)).toBe(9_007_199_254_740_991);
  });

  it('refuses what is not exact money, naming the value', () => {
    expect(() => milli(2.5)).toThrow('Not an exact Milli amount (whole thousandths of a pound): 2.5');
    expect(() => milli(Number.NaN)).toThrow(RangeError);
    expect(() => milli(2 ** 53)).toThrow(RangeError);
  });
});

describe('toPounds', () => {
  it('divides by a thousand, for scales', () => {
    expect(toPounds(milli(269_320))).toBe(269.32);
    expect(toPounds(milli(8_911_407_904))).toBe(8_911_407.904);
  });
});

describe('formatMilli (the one exact decimal)', () => {
  it('writes the shortest decimal in pounds that is exactly the amount', () => {
    expect(formatMilli(milli(15_300))).toBe('15.3');
    expect(formatMilli(milli(387_970))).toBe('387.97');
    expect(formatMilli(milli(1))).toBe('0.001');
    expect(formatMilli(milli(12_000))).toBe('12');
    expect(formatMilli(milli(0))).toBe('0');
    expect(formatMilli(milli(-1_250))).toBe('-1.25');
    expect(formatMilli(milli(-1))).toBe('-0.001');
    expect(formatMilli(milli(8_911_407_904))).toBe('8911407.904');
    expect(formatMilli(milli(Number.MAX_SAFE_INTEGER))).toBe('9007199254740.991');
  });

  it('writes a bigint total beyond 2^53 exactly', () => {
    expect(formatMilli(27_021_570_740_402_238n)).toBe('27021570740402.238');
    expect(formatMilli(-1_005n)).toBe('-1.005');
    expect(formatMilli(-27_500n)).toBe('-27.5');
    expect(formatMilli(0n)).toBe('0');
  });

  it('never writes a rounded value: a number that is not whole thousandths throws', () => {
    expect(() => formatMilli(1.5 as Milli)).toThrow(RangeError);
  });
});

describe('formatMoney (money for people)', () => {
  it('groups thousands, always shows pence and the third decimal only when it counts', () => {
    expect(formatMoney(milli(269_320))).toBe('£269.32');
    expect(formatMoney(milli(283_300))).toBe('£283.30');
    expect(formatMoney(milli(1_067_763_955))).toBe('£1,067,763.955');
    expect(formatMoney(milli(-23_009_630))).toBe('−£23,009.63');
    expect(formatMoney(milli(-1))).toBe('−£0.001');
    expect(formatMoney(milli(0))).toBe('£0.00');
    expect(formatMoney(27_021_570_740_402_238n)).toBe('£27,021,570,740,402.238');
  });

  it('takes another symbol, or none, and can leave thousands ungrouped', () => {
    expect(formatMoney(milli(1_234_500), { symbol: '' })).toBe('1,234.50');
    expect(formatMoney(milli(1_234_500), { symbol: 'GBP ', grouping: false })).toBe('GBP 1234.50');
  });
});

describe('units at compile time (typecheck runs over this spec)', () => {
  const takesPounds = (p: Pounds): number => p;
  const takesMilli = (m: Milli): number => m;

  it('refuses Milli where pounds are expected, and plain numbers where Milli is', () => {
    // @ts-expect-error: thousandths where pounds are expected (£269,320 for £269.32)
    expect(takesPounds(milli(269_320))).toBe(269_320);
    // @ts-expect-error: a plain number is not known to be exact thousandths
    expect(takesMilli(269_320)).toBe(269_320);
    // @ts-expect-error: pounds are not thousandths either
    expect(takesMilli(toPounds(milli(269_320)))).toBe(269.32);
    // @ts-expect-error: formatMilli takes Milli, not a float in pounds (and throws if forced)
    expect(() => formatMilli(269.32)).toThrow(RangeError);
  });

  it('accepts the converted unit, and plain floats as pounds (d3 ticks, means)', () => {
    expect(takesPounds(toPounds(milli(269_320)))).toBe(269.32);
    expect(takesPounds(0.5)).toBe(0.5);
    expect(takesMilli(milli(269_320))).toBe(269_320);
    const asNumber: number = milli(5); // a Milli is still a number: it compares and sorts as one
    expect(asNumber).toBe(5);
  });
});
