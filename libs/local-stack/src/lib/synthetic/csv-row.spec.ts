import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCsvRows } from '@ecomlake/csv';
import { formatPrice, quoteField, RETAIL_HEADER, splitCsvLine } from './csv-row';
import { sfc32 } from './prng';

const REAL_DATA = resolve(__dirname, '../../../../../../shared/data/online-retail/by-day');

function realFiles(): string[] {
  try {
    return readdirSync(REAL_DATA).filter((f) => f.endsWith('.csv'));
  } catch (error) {
    throw new Error(`The real dataset is missing at ${REAL_DATA}; these tests compare against it. (${error})`, { cause: error });
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

  // splitCsvLine stays in the library: malformed.ts uses it to rewrite lines, and the
  // stack depends on no lib. These tests hold it to @ecomlake/csv, the project's reader.
  it('round-trips any text through quoteField, as @ecomlake/csv reads it', () => {
    const rand = sfc32(9);
    const alphabet = 'AB ,"£\'x';
    for (let i = 0; i < 2000; i++) {
      const fields = Array.from({ length: 8 }, () =>
        Array.from({ length: Math.floor(rand() * 6) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''),
      );
      const line = fields.map(quoteField).join(',');
      expect(parseCsvRows(line, { header: false })).toMatchObject([{ kind: 'record', fields }]);
      expect(splitCsvLine(line)).toEqual(fields);
    }
  });

  it('reads every line of the real dataset as @ecomlake/csv does: 8 fields that re-quote to the same text', () => {
    const files = realFiles();
    expect(files).toHaveLength(305);
    let lines = 0;
    for (const file of files) {
      const text = readFileSync(resolve(REAL_DATA, file), 'utf8');
      const [header, ...rest] = text.split('\n').slice(0, -1);
      expect(header).toBe(RETAIL_HEADER);
      const rows = parseCsvRows(text, { source: file });
      expect(rows).toHaveLength(rest.length);
      rows.forEach((row, index) => {
        const line = rest[index];
        if (row.kind !== 'record' || row.line !== index + 2) throw new Error(`${file}:${index + 2}: not read as a record: ${line}`);
        const same = row.fields.map(quoteField).join(',') === line && JSON.stringify(splitCsvLine(line)) === JSON.stringify(row.fields);
        if (!same) throw new Error(`${file}:${row.line}: ${line}`);
        lines++;
      });
    }
    expect(lines).toBe(541_909);
  });
});
