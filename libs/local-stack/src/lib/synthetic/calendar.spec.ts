import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatTimestamp, impossibleTimestamp, isTradingDay, parseDay, tradingDays } from './calendar';

const REAL_DATA = resolve(__dirname, '../../../../../../shared/data/online-retail/by-day');

describe('parseDay', () => {
  it('accepts real calendar days only', () => {
    expect(parseDay('2010-12-01')).toBe(Date.UTC(2010, 11, 1) / 86_400_000);
    expect(parseDay('2011-02-29')).toBeNull();
    expect(parseDay('2011-2-3')).toBeNull();
    expect(parseDay('yesterday')).toBeNull();
  });
});

describe('trading days', () => {
  it('are exactly the days of the real dataset over its range', () => {
    let real: string[];
    try {
      real = readdirSync(REAL_DATA).filter((f) => f.endsWith('.csv')).map((f) => f.slice(0, 10)).sort();
    } catch (error) {
      throw new Error(`The real dataset is missing at ${REAL_DATA}; this test compares against it. (${error})`, { cause: error });
    }
    const days = tradingDays(parseDay('2010-12-01') ?? NaN, parseDay('2011-12-09') ?? NaN).map((d) => d.day);
    expect(days).toEqual(real);
  });

  it('exclude Saturdays and the Christmas break', () => {
    expect(isTradingDay('2011-06-04')).toBe(false); // Saturday
    expect(isTradingDay('2011-06-05')).toBe(true); // Sunday
    expect(isTradingDay('2012-12-27')).toBe(false);
    expect(isTradingDay('2013-01-03')).toBe(false);
    expect(isTradingDay('2013-01-04')).toBe(true);
  });

  it('weigh November days above summer days', () => {
    const [june, november] = tradingDays(parseDay('2011-06-13') ?? NaN, parseDay('2011-11-14') ?? NaN).filter(
      (d) => d.day === '2011-06-13' || d.day === '2011-11-14',
    );
    expect(november.weight).toBeGreaterThan(2 * june.weight);
  });
});

describe('timestamps', () => {
  it('are written like the real export', () => {
    expect(formatTimestamp('2010-12-01', 8 * 60 + 26)).toBe('2010-12-01 08:26:00');
  });

  it('can be made impossible while keeping the month', () => {
    expect(impossibleTimestamp('2011-02-14 10:00:00')).toBe('2011-02-29 10:00:00');
    expect(impossibleTimestamp('2011-04-01 10:00:00')).toBe('2011-04-31 10:00:00');
    expect(impossibleTimestamp('2011-12-09 12:50:00')).toBe('2011-12-32 12:50:00');
  });
});
