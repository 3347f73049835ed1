import { formatMilli, formatMoney, formatMoneyCompact, formatPounds, milli, toPounds, type Milli, type Pounds } from './money';

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

describe('formatMoney (money for people, to the penny)', () => {
  it('groups thousands and always shows two decimals', () => {
    expect(formatMoney(milli(269_320))).toBe('£269.32');
    expect(formatMoney(milli(283_300))).toBe('£283.30');
    expect(formatMoney(milli(12_000))).toBe('£12.00');
    expect(formatMoney(milli(999_999_990))).toBe('£999,999.99');
    expect(formatMoney(milli(1_000_000_000))).toBe('£1,000,000.00');
  });

  it('shows zero as £0.00, with no sign', () => {
    expect(formatMoney(milli(0))).toBe('£0.00');
    expect(formatMoney(0n)).toBe('£0.00');
  });

  it('puts the minus before the symbol', () => {
    expect(formatMoney(milli(-23_009_630))).toBe('−£23,009.63');
    expect(formatMoney(milli(-1_250))).toBe('−£1.25');
  });

  it('rounds half a penny away from zero, on the exact digits', () => {
    // £1,067,763.955 is the default run's clean revenue: exactly half a penny above .95.
    expect(formatMoney(milli(1_067_763_955))).toBe('£1,067,763.96');
    expect(formatMoney(milli(-1_067_763_955))).toBe('−£1,067,763.96');
    expect(formatMoney(milli(5))).toBe('£0.01');
    expect(formatMoney(milli(-5))).toBe('−£0.01');
    // 1.005 and 2.675 are below their decimal value as doubles (1.00499…, 2.67499…): float
    // rounding (toFixed, Math.round(x * 100)) gives £1.00 and £2.67; the digits do not lie.
    expect(formatMoney(milli(1_005))).toBe('£1.01');
    expect(formatMoney(milli(2_675))).toBe('£2.68');
    expect(formatMoney(milli(9_995))).toBe('£10.00');
    expect(formatMoney(milli(999_995))).toBe('£1,000.00');
  });

  it('drops less than half a penny, and the sign of what rounds to zero', () => {
    expect(formatMoney(milli(1_004))).toBe('£1.00');
    expect(formatMoney(milli(1_006))).toBe('£1.01');
    expect(formatMoney(milli(4))).toBe('£0.00');
    expect(formatMoney(milli(-4))).toBe('£0.00');
    expect(formatMoney(milli(-1))).toBe('£0.00');
  });

  it('writes the largest exact amounts, numbers and bigints, without losing a digit', () => {
    expect(formatMoney(milli(Number.MAX_SAFE_INTEGER))).toBe('£9,007,199,254,740.99');
    expect(formatMoney(milli(-Number.MAX_SAFE_INTEGER))).toBe('−£9,007,199,254,740.99');
    expect(formatMoney(27_021_570_740_402_238n)).toBe('£27,021,570,740,402.24');
    expect(formatMoney(-27_021_570_740_402_235n)).toBe('−£27,021,570,740,402.24');
  });

  it('refuses a number that is not exact money', () => {
    expect(() => formatMoney(1.5 as Milli)).toThrow(RangeError);
  });

  it('takes another symbol, or none, and can leave thousands ungrouped', () => {
    expect(formatMoney(milli(1_234_500), { symbol: '' })).toBe('1,234.50');
    expect(formatMoney(milli(1_234_500), { symbol: 'GBP ', grouping: false })).toBe('GBP 1234.50');
  });
});

describe('formatPounds (a float in pounds, printed as formatMoney prints money)', () => {
  it('prints toPounds(m) exactly as formatMoney prints m, half pennies included', () => {
    for (const m of [0, 5, -5, 1_005, 2_675, 269_320, -23_009_630, 1_067_763_955, 8_911_407_904]) {
      expect(formatPounds(toPounds(milli(m)))).toBe(formatMoney(milli(m)));
    }
  });

  it('rounds a statistic to the penny', () => {
    expect(formatPounds(301.2344)).toBe('£301.23');
    // To the nearest thousandth first (£301.235), then as money: the price of printing toPounds(m) as m.
    expect(formatPounds(301.2345)).toBe('£301.24');
    expect(formatPounds(2 / 3)).toBe('£0.67');
    expect(formatPounds(-1234.5678)).toBe('−£1,234.57');
  });

  it('never writes NaN', () => {
    expect(formatPounds(Number.NaN)).toBe('–');
    expect(formatPounds(Infinity)).toBe('–');
  });
});

describe('formatMoneyCompact (axis ticks and scale legends)', () => {
  it('takes pounds converted from Milli, and refuses Milli itself at compile time', () => {
    expect(formatMoneyCompact(toPounds(milli(12_500_000)))).toBe('£12.5k');
    // @ts-expect-error: thousandths where pounds are expected (would print £12.5M for £12.5k)
    expect(formatMoneyCompact(milli(12_500_000))).toBe('£12.5M');
  });

  it('writes k, M and bn suffixes with at most three significant digits, the sign as formatMoney does', () => {
    expect(formatMoneyCompact(0)).toBe('£0');
    expect(formatMoneyCompact(950)).toBe('£950');
    expect(formatMoneyCompact(12_500)).toBe('£12.5k');
    expect(formatMoneyCompact(200_000)).toBe('£200k');
    expect(formatMoneyCompact(1_234_567)).toBe('£1.23M');
    expect(formatMoneyCompact(999_999)).toBe('£1M');
    expect(formatMoneyCompact(3e9)).toBe('£3bn');
    expect(formatMoneyCompact(0.45)).toBe('£0.45');
    expect(formatMoneyCompact(-20_000)).toBe('−£20k');
    expect(formatMoneyCompact(-20_000).slice(0, 2)).toBe(formatMoney(milli(-20_000_000)).slice(0, 2));
  });

  it('never writes NaN', () => {
    expect(formatMoneyCompact(Number.NaN)).toBe('–');
    expect(formatMoneyCompact(-Infinity)).toBe('–');
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
