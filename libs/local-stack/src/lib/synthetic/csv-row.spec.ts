import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatPrice, quoteField, RETAIL_HEADER, splitCsvLine } from './csv-row';
import { sfc32 } from './prng';

const REAL_DATA = resolve(__dirname, '../../../../../../shared/data/online-retail/by-day');

function realFiles(): string[] {
  try {
    return readdirSync(REAL_DATA).filter((f) => f.endsWith('.csv'));
  } catch (error) {
    throw new Error(`The real dataset is missing at ${REAL_DATA}; these tests compare against it. (${error})`);
  }
}

describe('quoteField', () => {
  it('leaves plain text alone', () => {
    expect(quoteField('WHITE HANGING HEART T-LIGHT HOLDER ')).toBe('WHITE HANGING HEART T-LIGHT HOLDER ');
    expect(quoteField('Dotcomgiftshop Gift Voucher £20.00')).toBe('Dotcomgiftshop Gift Voucher £20.00');
  });

  it('quotes commas and doubles inner quotes (RFC 4180)', () => {
    expect(quoteField('TRAY, BREAKFAST IN BED')).toBe('"TRAY, BREAKFAST IN BED"');
    expect(quoteField('RECORD FRAME 7" SINGLE SIZE ')).toBe('"RECORD FRAME 7"" SINGLE SIZE "');
  });
});

describe('formatPrice', () => {
  it('writes thousandths of a pound the way the real export does', () => {
    expect([2550, 2100, 18000, 0, 1, 16670, -11062060].map(formatPrice)).toEqual([
      '2.55', '2.1', '18.0', '0.0', '0.001', '16.67', '-11062.06',
    ]);
  });
});

describe('splitCsvLine', () => {
  it('splits quoted commas and unescapes doubled quotes', () => {
    expect(splitCsvLine('536477,22041,"RECORD FRAME 7"" SINGLE SIZE ",48,,United Kingdom')).toEqual([
      '536477', '22041', 'RECORD FRAME 7" SINGLE SIZE ', '48', '', 'United Kingdom',
    ]);
    expect(splitCsvLine('"a,b",,"",x')).toEqual(['a,b', '', '', 'x']);
  });

  it('reports an open quote as null', () => {
    expect(splitCsvLine('581587,23254,"CHILDRENS CUTLERY,4,2011-12-09 12:50:00')).toBeNull();
  });

  it('round-trips any text through quoteField', () => {
    const rand = sfc32(9);
    const alphabet = 'AB ,"£\'x';
    for (let i = 0; i < 2000; i++) {
      const fields = Array.from({ length: 8 }, () =>
        Array.from({ length: Math.floor(rand() * 6) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''),
      );
      expect(splitCsvLine(fields.map(quoteField).join(','))).toEqual(fields);
    }
  });

  it('reads every line of the real dataset as 8 fields that re-quote to the same text', () => {
    const files = realFiles();
    expect(files).toHaveLength(305);
    let lines = 0;
    for (const file of files) {
      const [header, ...rows] = readFileSync(resolve(REAL_DATA, file), 'utf8').split('\n').slice(0, -1);
      expect(header).toBe(RETAIL_HEADER);
      for (const row of rows) {
        const fields = splitCsvLine(row);
        if (fields?.length !== 8 || fields.map(quoteField).join(',') !== row) throw new Error(`${file}: ${row}`);
        lines++;
      }
    }
    expect(lines).toBe(541_909);
  });
});
