import { parseCsvRows, type CsvRow } from '@ecomlake/csv';
import { corruptLine, malformedLineCount, planMalformed } from './malformed';
import { sfc32 } from './prng';

const LINE = '536477,22041,"RECORD FRAME 7"" SINGLE SIZE ",48,2010-12-01 12:27:00,2.1,16210.0,United Kingdom';

/** Reads one line on its own (no header) with the CSV library: one record, or one error. */
function readLine(line: string): CsvRow {
  const rows = parseCsvRows(line, { header: false });
  expect(rows).toHaveLength(1);
  return rows[0];
}

/** The fields of a line that reads as a record. */
function fieldsOf(line: string): readonly string[] {
  const row = readLine(line);
  if (row.kind !== 'record') throw new Error(`expected a record, got ${row.reason}: ${line}`);
  return row.fields;
}

describe('corruptLine', () => {
  const rand = sfc32(5);

  it('changes the field count', () => {
    expect(fieldsOf(LINE)).toHaveLength(8);
    for (let i = 0; i < 20; i++) expect([7, 9]).toContain(fieldsOf(corruptLine(rand, LINE, 'field-count')).length);
  });

  it('writes a date that does not exist', () => {
    expect(fieldsOf(corruptLine(rand, LINE, 'bad-date'))[4]).toBe('2010-12-32 12:27:00');
  });

  it('writes a quantity that is not a number', () => {
    const quantity = fieldsOf(corruptLine(rand, LINE, 'bad-quantity'))[3];
    expect(Number.isFinite(Number(quantity))).toBe(false);
  });

  it('leaves a quote open', () => {
    const line = corruptLine(rand, LINE, 'unterminated-quote');
    expect(readLine(line)).toMatchObject({ kind: 'error', reason: 'unterminated quote' });
    expect(line.startsWith('536477,22041,"RECORD FRAME 7 SINGLE SIZE ,48,')).toBe(true);
  });
});

describe('planMalformed', () => {
  it('breaks about one line in 5,000 and at least one of each kind', () => {
    expect(malformedLineCount(0)).toBe(0);
    expect(malformedLineCount(3)).toBe(3);
    expect(malformedLineCount(1000)).toBe(4);
    expect(malformedLineCount(100_000)).toBe(20);
  });

  it('puts open quotes only on the last line of a day and picks distinct lines', () => {
    const counts = [0, 120, 0, 0, 300, 7, 1, 0, 4000, 2000, 0];
    const plan = planMalformed(42, counts);
    const kinds: string[] = [];
    for (const [day, lines] of plan) {
      expect(counts[day]).toBeGreaterThan(0);
      for (const [line, kind] of lines) {
        expect(line).toBeLessThan(counts[day]);
        if (kind === 'unterminated-quote') expect(line).toBe(counts[day] - 1);
        kinds.push(kind);
      }
    }
    expect(kinds).toHaveLength(malformedLineCount(6427));
    expect(new Set(kinds)).toEqual(new Set(['field-count', 'bad-date', 'bad-quantity', 'unterminated-quote']));
  });

  it('is a function of the seed', () => {
    const counts = [500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 50_000];
    expect(planMalformed(1, counts)).toEqual(planMalformed(1, counts));
    expect(planMalformed(1, counts)).not.toEqual(planMalformed(2, counts));
  });
});
