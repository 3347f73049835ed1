import { splitCsvLine } from './csv-row';
import { corruptLine, malformedLineCount, planMalformed } from './malformed';
import { sfc32 } from './prng';

const LINE = '536477,22041,"RECORD FRAME 7"" SINGLE SIZE ",48,2010-12-01 12:27:00,2.1,16210.0,United Kingdom';

describe('corruptLine', () => {
  const rand = sfc32(5);

  it('changes the field count', () => {
    for (let i = 0; i < 20; i++) expect([7, 9]).toContain(splitCsvLine(corruptLine(rand, LINE, 'field-count'))?.length);
  });

  it('writes a date that does not exist', () => {
    expect(splitCsvLine(corruptLine(rand, LINE, 'bad-date'))?.[4]).toBe('2010-12-32 12:27:00');
  });

  it('writes a quantity that is not a number', () => {
    const quantity = splitCsvLine(corruptLine(rand, LINE, 'bad-quantity'))?.[3];
    expect(Number.isFinite(Number(quantity))).toBe(false);
  });

  it('leaves a quote open', () => {
    const line = corruptLine(rand, LINE, 'unterminated-quote');
    expect(splitCsvLine(line)).toBeNull();
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
