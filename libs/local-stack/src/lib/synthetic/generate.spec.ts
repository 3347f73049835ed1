import { createHash } from 'node:crypto';
import { parseCsvRows } from '@ecomlake/csv';
import { isTradingDay } from './calendar';
import { COUNTRIES } from './countries';
import { quoteField, RETAIL_HEADER } from './csv-row';
import { InvalidSyntheticOptionsError } from './errors';
import { generateRetailDays, type SyntheticRetailOptions } from './generate';
import { malformedLineCount } from './malformed';

function digest(options: SyntheticRetailOptions): string {
  const hash = createHash('sha256');
  for (const { day, csv } of generateRetailDays(options)) hash.update(day).update(csv);
  return hash.digest('hex');
}

/** A line is well formed when it has 8 fields, an integer quantity and a real timestamp. */
function wellFormed(fields: readonly string[] | null): fields is readonly string[] {
  if (fields?.length !== 8 || !/^-?\d+$/.test(fields[3])) return false;
  const date = new Date(`${fields[4].replace(' ', 'T')}Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19).replace('T', ' ') === fields[4];
}

describe('generateRetailDays', () => {
  it('gives identical bytes for the same seed and options, different bytes for another seed', () => {
    const options = { rows: 5_000, seed: 7 };
    expect(digest(options)).toBe(digest(options));
    expect(digest({ ...options, seed: 8 })).not.toBe(digest(options));
    expect(digest({ rows: 5_000 })).toBe(digest({ rows: 5_000, seed: 42 }));
  });

  it('writes exactly `rows` data lines, split into files of trading days in order', () => {
    for (const rows of [0, 1, 7, 999, 12_345]) {
      const days = [...generateRetailDays({ rows })];
      const lines = days.map(({ csv }) => csv.split('\n').length - 2);
      expect(lines).toEqual(days.map((d) => d.rows));
      expect(lines.reduce((a, b) => a + b, 0)).toBe(rows);
      expect(days.map((d) => d.day)).toEqual(days.map((d) => d.day).sort());
      expect(days.every((d) => isTradingDay(d.day) && d.day >= '2010-12-01' && d.day <= '2011-12-09')).toBe(true);
    }
  });

  it('keeps to the from/to range', () => {
    const days = [...generateRetailDays({ rows: 2_000, from: '2011-03-01', to: '2011-03-31' })];
    expect(days.length).toBe(27); // March 2011 less its four Saturdays
    expect(days.every((d) => d.day.startsWith('2011-03-'))).toBe(true);
  });

  it('rejects options it cannot honour, naming the option', () => {
    const bad: SyntheticRetailOptions[] = [
      { rows: -1 },
      { rows: 1.5 },
      { seed: Number.NaN },
      { from: '2011-02-30' },
      { to: '2011-12' },
      { from: '2011-12-09', to: '2011-12-01' },
      { from: '2011-12-25', to: '2011-12-27' },
    ];
    for (const options of bad) expect(() => [...generateRetailDays(options)]).toThrow(InvalidSyntheticOptionsError);
    expect(() => [...generateRetailDays({ rows: -1 })]).toThrow(/rows=-1/);
    expect(() => [...generateRetailDays({ rows: -1 })]).toThrow(expect.objectContaining({ code: 'local-stack.invalidSyntheticOption', option: 'rows' }));
  });

  describe('on 50,000 rows', () => {
    const days = [...generateRetailDays({ rows: 50_000, seed: 2024 })];
    // Each data line as @ecomlake/csv reads it: its fields, or (fields null) the reader's reason.
    const lines = days.flatMap(({ day, csv }) => {
      const rest = csv.split('\n').slice(1, -1);
      const rows = parseCsvRows(csv, { source: day });
      if (rows.map((r) => r.line).join() !== rest.map((_, index) => index + 2).join()) throw new Error(`${day}: not one row per line`);
      return rows.map((row, index) => ({
        day,
        text: rest[index],
        fields: row.kind === 'record' ? row.fields : null,
        reason: row.kind === 'error' ? row.reason : undefined,
        last: index === rest.length - 1,
      }));
    });
    const good = lines.filter((l) => wellFormed(l.fields)).map((l) => ({ ...l, fields: l.fields as readonly string[] }));
    const share = (predicate: (fields: readonly string[]) => boolean): number =>
      good.filter((l) => predicate(l.fields)).length / lines.length;

    it('starts every file with the real header and ends it with a newline', () => {
      expect(days.filter(({ csv }) => !csv.startsWith(`${RETAIL_HEADER}\n`) || !csv.endsWith('\n'))).toEqual([]);
    });

    it('has only the deliberately malformed lines broken, open quotes only at the end of a file', () => {
      const broken = lines.filter((l) => !wellFormed(l.fields));
      expect(broken).toHaveLength(malformedLineCount(50_000));
      const open = broken.filter((l) => l.reason === 'unterminated quote');
      expect(open.length).toBeGreaterThan(0);
      expect(open.every((l) => l.last)).toBe(true);
      // The reader rejects the other records it cannot take: only a wrong field count.
      const miscounted = broken.filter((l) => l.reason && l.reason !== 'unterminated quote');
      expect(miscounted.length).toBeGreaterThan(0);
      expect(miscounted.every((l) => /^expected 8 fields, found (7|9)$/.test(l.reason ?? ''))).toBe(true);
      expect(broken.some((l) => l.fields?.length === 8 && !/^-?\d+$/.test(l.fields[3]))).toBe(true);
      expect(broken.some((l) => l.fields?.length === 8 && /^-?\d+$/.test(l.fields[3]))).toBe(true); // bad date
    });

    it('quotes every field minimally, so parsing and re-quoting gives the same line', () => {
      expect(good.filter((l) => l.fields.map(quoteField).join(',') !== l.text)).toEqual([]);
      expect(share((f) => f[2].includes(','))).toBeGreaterThan(0.01);
      expect(share((f) => f[2].includes('"'))).toBeGreaterThan(0.005);
      expect(share((f) => f[2].includes('£'))).toBeGreaterThan(0);
    });

    it('has the real shape: UK ~90%, guests ~25%, cancellations ~2%, duplicates ~1%', () => {
      expect(share((f) => f[7] === 'United Kingdom')).toBeGreaterThan(0.87);
      expect(share((f) => f[7] === 'United Kingdom')).toBeLessThan(0.94);
      expect(share((f) => f[6] === '')).toBeGreaterThan(0.2);
      expect(share((f) => f[6] === '')).toBeLessThan(0.3);
      expect(share((f) => f[0].startsWith('C') && Number(f[3]) < 0)).toBeGreaterThan(0.015);
      expect(share((f) => f[0].startsWith('C') && Number(f[3]) < 0)).toBeLessThan(0.025);
      expect(share((f) => f[0].startsWith('C') !== Number(f[3]) < 0 && f[1] !== 'D')).toBe(0);
      const duplicates = new Map<string, number>();
      for (const { day, text } of lines) duplicates.set(`${day}|${text}`, (duplicates.get(`${day}|${text}`) ?? 0) + 1);
      const repeated = [...duplicates.values()].reduce((sum, n) => sum + n - 1, 0) / lines.length;
      expect(repeated).toBeGreaterThan(0.007);
      expect(repeated).toBeLessThan(0.013);
    });

    it('uses the real countries, writes ids both ways, and has zero and negative prices', () => {
      const countries = new Set(good.map((l) => l.fields[7]));
      expect([...countries].filter((c) => !COUNTRIES.includes(c))).toEqual([]);
      expect(countries.size).toBeGreaterThanOrEqual(20);
      expect(share((f) => /^\d{5}\.0$/.test(f[6]))).toBeGreaterThan(0.5);
      expect(share((f) => /^\d{5}$/.test(f[6]))).toBeGreaterThan(0.05);
      expect(share((f) => Number(f[5]) === 0)).toBeGreaterThan(0.002);
      expect(share((f) => Number(f[5]) < 0)).toBeGreaterThan(0);
      expect(share((f) => ['POST', 'DOT', 'M'].includes(f[1]))).toBeGreaterThan(0.001);
    });

    it('keeps each invoice on one day, timestamp, customer and country, with rising numbers', () => {
      // Collect violations rather than asserting per line: 50,000 expect calls are slow.
      const invoices = new Map<string, string>();
      const violations: string[] = [];
      let previous = 0;
      for (const { day, fields, text } of good) {
        const number = Number(fields[0].replace(/^[CA]/, ''));
        const key = `${fields[4]}|${fields[6]}|${fields[7]}`;
        if (!/^[CA]?\d{6}$/.test(fields[0]) || number < previous || !fields[4].startsWith(day)) violations.push(text);
        if ((invoices.get(fields[0]) ?? key) !== key) violations.push(text);
        invoices.set(fields[0], key);
        previous = number;
      }
      expect(violations).toEqual([]);
      const sizes = new Map<string, number>();
      for (const { fields } of good) sizes.set(fields[0], (sizes.get(fields[0]) ?? 0) + 1);
      expect(Math.max(...sizes.values())).toBeLessThanOrEqual(50);
    });

    it('peaks in November', () => {
      const byMonth = new Map<string, number>();
      for (const { day } of lines) byMonth.set(day.slice(0, 7), (byMonth.get(day.slice(0, 7)) ?? 0) + 1);
      const busiest = [...byMonth].sort((a, b) => b[1] - a[1])[0][0];
      expect(busiest).toBe('2011-11');
      expect(byMonth.get('2011-11')).toBeGreaterThan(2 * (byMonth.get('2011-02') ?? 0));
    });
  });
});
