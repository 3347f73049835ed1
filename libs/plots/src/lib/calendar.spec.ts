import { isMonth, monthRange, parseDay } from './calendar';

describe('calendar', () => {
  it('parses real days only', () => {
    expect(parseDay('2010-12-01')).toBe(Date.UTC(2010, 11, 1));
    expect(parseDay('2011-02-30')).toBeUndefined();
    expect(parseDay('2011-2-3')).toBeUndefined();
    expect(parseDay('')).toBeUndefined();
  });

  it('lists every month between two months, across a year end', () => {
    expect(monthRange('2010-11', '2011-02')).toEqual(['2010-11', '2010-12', '2011-01', '2011-02']);
    expect(monthRange('2011-03', '2011-03')).toEqual(['2011-03']);
  });

  it('recognizes months', () => {
    expect(isMonth('2011-12')).toBe(true);
    expect(isMonth('2011-13')).toBe(false);
    expect(isMonth('all')).toBe(false);
  });
});
