import type { RuleId } from '@ecomlake/model';
import { cleanBuffer, type CleanFileOptions } from './clean-buffer';
import { cleanRows } from './clean-rows';
import { AmbiguousColumnError, EmptyFileError, MissingColumnError, TotalTooLargeError, UnreadableHeaderError } from './errors';
import { mergePartitions } from './merge/merge-partitions';
import type { CleanPartition } from './types';
import { cleanBoth, rowsOf } from '../test-fixtures/clean-both';
import { csv, HEADER, line, rawRows } from '../test-fixtures/retail-csv';

// Each kind of bad input gets quarantined rows or one clear error: never a crash, never silent loss.
describe('bad input', () => {
  it('an empty file is one clear error naming the file', () => {
    expect(() => cleanBuffer(Buffer.alloc(0), 'empty.csv')).toThrow(EmptyFileError);
    expect(() => cleanBuffer(Buffer.alloc(0), 'empty.csv')).toThrow(/empty\.csv: the file is empty/);
  });

  it('a header-only file is a partition with no rows', async () => {
    const day = await cleanBoth(`${HEADER}\r\n`);
    expect(day.report).toMatchObject({ rowsIn: 0, clean: 0, quarantined: 0, items: 0, reconciled: true });
  });

  it('bytes that are not UTF-8 quarantine only their line, with a hint to try Latin-1', async () => {
    const bytes = Buffer.concat([Buffer.from(csv(line()).replace(/\n$/, '\n') + '536366,22633,HAND WARMER '), Buffer.from([0xa3]), Buffer.from('5,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom\n')]);
    const day = cleanBuffer(bytes, 'kaggle.csv');
    expect(rowsOf(day.quarantine)).toEqual([
      { source: 'kaggle.csv', line: 3, reason: 'invalid utf-8 bytes (is the input in another encoding?)', text: '536366,22633,HAND WARMER \uFFFD5,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom' },
    ]);
    expect(day.report.clean).toBe(1);
    const latin1 = cleanBuffer(bytes, 'kaggle.csv', { encoding: 'latin1' });
    expect(rowsOf(latin1.lines)[1].description).toBe('HAND WARMER £5');
  });

  it('a file that is not CSV of this shape is one error naming expected and found columns', async () => {
    expect(() => cleanBuffer(Buffer.from('{"orders": [1, 2, 3]}\n'), 'orders.json')).toThrow(MissingColumnError);
    await expect(cleanRows(rawRows('<html>\n<body>Not found</body>\n</html>\n', 'page.html'))).rejects.toThrow(/page\.html: missing columns .* found "<html>"/);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    expect(() => cleanBuffer(png, 'chart.png')).toThrow(UnreadableHeaderError);
    expect(() => cleanBuffer(png, 'chart.png')).toThrow(/chart\.png: the header line could not be read \(invalid utf-8 bytes/);
  });

  it('a line with an unterminated quote is quarantined and the lines after it are read', async () => {
    const day = await cleanBoth(csv(line({ description: '"BROKEN QUOTE' }), line({ stock: '71053' })));
    expect(rowsOf(day.quarantine)).toEqual([{ source: 'day.csv', line: 2, reason: 'unterminated quote', text: line({ description: '"BROKEN QUOTE' }) }]);
    expect(day.report.clean).toBe(1);
  });

  it('a 10 MB line is quarantined, cut short, and the file goes on', async () => {
    const huge = line({ description: 'X'.repeat(10 * 1024 * 1024) });
    const day = await cleanBoth(csv(line(), huge, line({ stock: '71053' })));
    const [q] = rowsOf(day.quarantine);
    expect(q).toMatchObject({ line: 3, reason: 'line longer than 1 MiB' });
    expect((q.text as string).length).toBe(1024);
    expect(day.report).toMatchObject({ rowsIn: 3, clean: 2, quarantined: 1 });
  });

  it('NaN, Infinity and 1e400 are not numbers', async () => {
    const day = await cleanBoth(csv(line({ quantity: 'NaN' }), line({ price: 'Infinity' }), line({ price: '1e400' }), line({ quantity: '-Infinity' })));
    expect(rowsOf(day.quarantine).map((r) => r.reason)).toEqual([
      'quantity "NaN" is not a whole number',
      'unitPrice "Infinity" is not a decimal number with at most 3 decimals',
      'unitPrice "1e400" is not a decimal number with at most 3 decimals',
      'quantity "-Infinity" is not a whole number',
    ]);
  });

  it('dates that are not on the calendar, like 2/30/2011, are quarantined', async () => {
    const day = await cleanBoth(csv(line({ date: '2/28/2011 10:00' }), line({ date: '2/30/2011 10:00' })), { dateFormat: 'mdy' });
    expect(rowsOf(day.quarantine).map((r) => r.reason)).toEqual(['invoiceDate "2/30/2011 10:00" is not a valid date in format mdy (M/D/YYYY H:mm)']);
    expect(rowsOf(day.lines)[0].invoiceDate).toBe('2011-02-28T10:00:00');
  });

  it('every row of a file reaches exactly one output (reconciliation)', async () => {
    const day = await cleanBoth(csv(line(), line(), line({ invoice: 'C1' }), line({ quantity: 'x' }), 'a,b', line({ price: '0' })));
    const { rowsIn, clean, excluded, quarantined } = day.report;
    expect(rowsIn).toBe(6);
    expect(clean + Object.values(excluded).reduce((a, b) => a + (b ?? 0), 0) + quarantined).toBe(6);
    expect(day.lines.numRows() + day.excluded.numRows() + day.quarantine.numRows()).toBe(6);
  });
});

// ---------------------------------------------------------------------------------------
// The corpus: each case is a few lines of CSV and where each line must end up. Expected
// values are worked out by hand in the comments, never by running the cleaner's own code.

type Place =
  | 'clean'
  | { clean: Record<string, unknown> } // clean, with these parsed values
  | { excluded: RuleId }
  | { quarantined: string };

interface RowCase {
  name: string;
  /** Data lines after the standard header; the first is line 2. */
  rows: string[];
  places: Place[];
  options?: CleanFileOptions;
  /** DynamoDB items expected, when the case is about keying. */
  items?: number;
}

// Amounts near 2^53 milli: 999,999 × £9,007,199.254 = 9,007,199,254,000,000 − 9,007,199,254
// = 9,007,190,246,800,746 milli, just under 2^53 − 1 = 9,007,199,254,740,991; two of them
// make 18,014,380,493,601,492 milli, £18,014,380,493,601.492.
const NEAR_LIMIT = { quantity: '999999', price: '9007199.254' };
const LIMIT = '£9007199254740.991';

// DynamoDB item of the standard line, in UTF-8 bytes (names + values, numbers at their
// 21-byte bound): names InvoiceNo 9 + StockCode 9 + Description 11 + InvoiceDate 11 +
// Country 7 + Partition 9 + Quantity 8 + UnitPrice 9 + TotalAmount 11 + LineCount 9 +
// CustomerID 10 = 103; values "536365" 6 + "85123A" 6 + date 19 + "17850" 5 +
// "United Kingdom" 14 + partition tag 16 + 4 numbers × 21 = 150; 253 without the description.
const ROOM_FOR_DESCRIPTION = 400 * 1024 - 253; // 409,347 bytes

const CORPUS: RowCase[] = [
  // The rules as they were: each kind of line lands where the README says.
  { name: 'a plain sales line', rows: [line()], places: [{ clean: { quantity: 6, unitPriceMilli: 2550, totalAmountMilli: 15300, customerId: '17850' } }] },
  { name: 'a cancellation (invoice C…)', rows: [line({ invoice: 'C536379', quantity: '-1' })], places: [{ excluded: 'cancellation' }] },
  { name: 'a zero quantity', rows: [line({ quantity: '0' })], places: [{ excluded: 'non_positive_quantity' }] },
  { name: 'a negative quantity', rows: [line({ quantity: '-5' })], places: [{ excluded: 'non_positive_quantity' }] },
  { name: 'a zero price', rows: [line({ price: '0.00' })], places: [{ excluded: 'non_positive_price' }] },
  { name: 'a negative price (bad debt adjustment)', rows: [line({ stock: 'B', price: '-11062.06' })], places: [{ excluded: 'non_positive_price' }] },
  { name: 'a missing CustomerID (a guest)', rows: [line({ customer: '' })], places: [{ clean: { customerId: null } }] },
  {
    name: 'quoted commas, quotes and £ in a description',
    rows: [line({ description: '"SET OF 3, £5 GIFT ""TAGS"""' })],
    places: [{ clean: { description: 'SET OF 3, £5 GIFT "TAGS"' } }],
  },
  {
    name: 'a quoted description over two physical lines (RFC 4180)',
    rows: [line({ description: '"TWO\nLINES"' }), line({ stock: '71053' })],
    places: [{ clean: { description: 'TWO LINES' } }, 'clean'],
  },
  { name: 'an exact duplicate', rows: [line(), line()], places: ['clean', { excluded: 'duplicate' }] },
  {
    name: 'a duplicate as parsed values (2.550 = 2.55, 17850 = 17850.0)',
    rows: [line(), line({ price: '2.550', customer: '17850' })],
    places: ['clean', { excluded: 'duplicate' }],
  },

  // Money totals stay exact: a line that would take a total past 2^53 − 1 milli is quarantined.
  {
    name: 'three lines near 2^53 milli: the second would make the partition total inexact',
    rows: [line({ ...NEAR_LIMIT, stock: 'A' }), line({ ...NEAR_LIMIT, stock: 'B' }), line({ ...NEAR_LIMIT, stock: 'C' })],
    places: [
      { clean: { totalAmountMilli: 9007190246800746 } },
      { quarantined: `total_too_large: with this line the partition's clean revenue would be £18014380493601.492, beyond ${LIMIT}, the largest total kept exactly` },
      { quarantined: `total_too_large: with this line the partition's clean revenue would be £18014380493601.492, beyond ${LIMIT}, the largest total kept exactly` },
    ],
  },
  {
    // With negative quantities kept, the partition total returns to 0, but item A would not.
    name: 'an item combining lines near 2^53 milli',
    rows: [line({ ...NEAR_LIMIT, stock: 'A' }), line({ ...NEAR_LIMIT, stock: 'B', quantity: '-999999' }), line({ ...NEAR_LIMIT, stock: 'A', description: 'AGAIN' })],
    places: [
      'clean',
      { clean: { totalAmountMilli: -9007190246800746 } },
      { quarantined: `total_too_large: with this line its item's amount would be £18014380493601.492, beyond ${LIMIT}, the largest total kept exactly` },
    ],
    options: { rules: { non_positive_quantity: false } },
  },

  // Items DynamoDB cannot store.
  {
    name: 'a 1 MB description',
    rows: [line({ description: 'X'.repeat(1_000_000) })],
    places: [{ quarantined: 'item_too_large: its DynamoDB item would be 1,000,253 bytes (description 1,000,000); the limit is 409,600 (400 KB)' }],
  },
  {
    name: 'a description that just fits, and one a byte longer',
    rows: [line({ description: 'X'.repeat(ROOM_FOR_DESCRIPTION) }), line({ stock: '85123B', description: 'X'.repeat(ROOM_FOR_DESCRIPTION + 1) })],
    places: ['clean', { quarantined: 'item_too_large: its DynamoDB item would be 409,601 bytes (description 409,348); the limit is 409,600 (400 KB)' }],
  },
  {
    // 'É' is 2 bytes in UTF-8: 204,674 of them are 409,348 bytes, one over.
    name: 'a description measured in UTF-8 bytes, not characters',
    rows: [line({ description: 'É'.repeat(204_674) })],
    places: [{ quarantined: 'item_too_large: its DynamoDB item would be 409,601 bytes (description 409,348); the limit is 409,600 (400 KB)' }],
  },
  {
    // Combining only changes numbers (counted at their largest), so two lines that fit make an item that fits.
    name: 'two lines of one item that each just fit',
    rows: [line({ description: 'X'.repeat(ROOM_FOR_DESCRIPTION) }), line({ description: 'Y'.repeat(ROOM_FOR_DESCRIPTION), quantity: '7' })],
    places: ['clean', 'clean'],
    items: 1,
  },
  {
    // A guest's item has no CustomerID attribute: 10 + 5 bytes more room.
    name: "a guest's item, without CustomerID",
    rows: [line({ customer: '', description: 'X'.repeat(ROOM_FOR_DESCRIPTION + 15) }), line({ stock: '85123B', customer: '', description: 'X'.repeat(ROOM_FOR_DESCRIPTION + 16) })],
    places: ['clean', { quarantined: 'item_too_large: its DynamoDB item would be 409,601 bytes (description 409,363); the limit is 409,600 (400 KB)' }],
  },
  {
    name: 'a stock code longer than a DynamoDB sort key',
    rows: [line({ stock: 'S'.repeat(1024) }), line({ stock: 'S'.repeat(1025) })],
    places: ['clean', { quarantined: 'key_too_large: stockCode is 1,025 bytes; DynamoDB takes at most 1,024 in this key' }],
  },
  {
    name: 'a country longer than an index key',
    rows: [line({ country: 'C'.repeat(2049) })],
    places: [{ quarantined: 'key_too_large: country is 2,049 bytes; DynamoDB takes at most 2,048 in this key' }],
  },
  { name: 'an empty country (an index key cannot be empty)', rows: [line({ country: '' })], places: [{ quarantined: 'missing country' }] },

  // Control characters in key fields are quarantined; descriptions keep theirs.
  { name: 'NUL in a stock code', rows: [line({ stock: '85123\u0000A' })], places: [{ quarantined: 'control_character: stockCode "85123\\u0000A" holds U+0000' }] },
  { name: 'a tab inside a stock code', rows: [line({ stock: '85123\tA' })], places: [{ quarantined: 'control_character: stockCode "85123\\tA" holds U+0009' }] },
  {
    name: 'an OSC sequence (re-titles a terminal) in Country',
    rows: [line({ country: '\u001b]0;pwned\u0007' })],
    places: [{ quarantined: 'control_character: country "\\u001b]0;pwned\\u0007" holds U+001B' }],
  },
  { name: 'a C1 control (CSI) in InvoiceNo', rows: [line({ invoice: '536365\u009b' })], places: [{ quarantined: 'control_character: invoiceNo "536365\\u009b" holds U+009B' }] },
  { name: 'DEL in CustomerID', rows: [line({ customer: '17850\u007f' })], places: [{ quarantined: 'control_character: customerId "17850\\u007f" holds U+007F' }] },
  {
    name: 'ESC in InvoiceDate',
    rows: [line({ date: '2010-12-01 08:26:00\u001b[2J' })],
    places: [{ quarantined: 'control_character: invoiceDate "2010-12-01 08:26:00\\u001b[2J" holds U+001B' }],
  },
  { name: 'NUL in a description (kept, escaped when printed)', rows: [line({ description: 'BAD\u0000BYTE' })], places: [{ clean: { description: 'BAD\u0000BYTE' } }] },

  // One whitespace rule for numbers, ids and dates: spaces and tabs around are ignored, nothing else.
  { name: 'spaces around a price', rows: [line({ price: ' 2.5 ' })], places: [{ clean: { unitPriceMilli: 2500 } }] },
  { name: 'a tab before a price', rows: [line({ price: '\t2.5' })], places: [{ clean: { unitPriceMilli: 2500 } }] },
  { name: 'tabs and spaces around a quantity', rows: [line({ quantity: '\t 6 \t' })], places: [{ clean: { quantity: 6 } }] },
  { name: 'tabs and spaces around a CustomerID', rows: [line({ customer: '\t17850.0 ' })], places: [{ clean: { customerId: '17850' } }] },
  { name: 'a tab before a date', rows: [line({ date: '\t2010-12-01 08:26:00' })], places: [{ clean: { invoiceDate: '2010-12-01T08:26:00' } }] },
  {
    name: 'a no-break space after a price',
    rows: [line({ price: '2.5\u00a0' })],
    places: [{ quarantined: 'unitPrice "2.5\u00a0" is not a decimal number with at most 3 decimals' }],
  },
  { name: 'a no-break space before a quantity', rows: [line({ quantity: '\u00a06' })], places: [{ quarantined: 'quantity "\u00a06" is not a whole number' }] },
  {
    name: 'a no-break space after a CustomerID',
    rows: [line({ customer: '17850\u00a0' })],
    places: [{ quarantined: 'customerId "17850\u00a0" has other whitespace than spaces and tabs around it' }],
  },
  {
    name: 'a no-break space after a date',
    rows: [line({ date: '2010-12-01 08:26:00\u00a0' })],
    places: [{ quarantined: 'invoiceDate "2010-12-01 08:26:00\u00a0" is not a valid date in format iso (YYYY-MM-DD HH:mm:ss)' }],
  },
];

interface ErrorCase {
  name: string;
  text: string;
  error: new (...args: never[]) => Error;
  message: RegExp;
}

const ERROR_CORPUS: ErrorCase[] = [
  {
    name: 'a header naming Quantity twice',
    text: `${HEADER},Quantity\n${line()},7\n`,
    error: AmbiguousColumnError,
    message: /^day\.csv: header columns 4 "Quantity" and 9 "Quantity" both name Quantity\. Remove or rename one/,
  },
  {
    name: 'a header with Invoice and InvoiceNo',
    text: `Invoice,${HEADER}\n1,${line()}\n`,
    error: AmbiguousColumnError,
    message: /^day\.csv: header columns 1 "Invoice" and 2 "InvoiceNo" both name InvoiceNo\./,
  },
  {
    name: 'a header with UnitPrice and Price',
    text: `${HEADER},Price\n${line()},9.99\n`,
    error: AmbiguousColumnError,
    message: /^day\.csv: header columns 6 "UnitPrice" and 9 "Price" both name UnitPrice\./,
  },
];

/** Where the record starting on line `lineNo` went (long strings cut, so a failure prints readably). */
function placeOf(day: CleanPartition, lineNo: number): Record<string, unknown> | undefined {
  const clean = rowsOf(day.lines).find((r) => r.line === lineNo);
  const cut = (v: unknown) => (typeof v === 'string' && v.length > 80 ? `${v.slice(0, 20)}… (${v.length} characters)` : v);
  if (clean) return { clean: Object.fromEntries(Object.entries(clean).map(([k, v]) => [k, cut(v)])) };
  const excluded = rowsOf(day.excluded).find((r) => r.line === lineNo);
  if (excluded) return { excluded: excluded.rule };
  const quarantined = rowsOf(day.quarantine).find((r) => r.line === lineNo);
  return quarantined && { quarantined: quarantined.reason };
}

describe('the bad-input corpus', () => {
  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const day = await cleanBoth(csv(...c.rows), c.options);
    let lineNo = 2; // a record starts on the line after the previous one ends
    c.places.forEach((expected, i) => {
      const actual = placeOf(day, lineNo);
      lineNo += c.rows[i].split('\n').length;
      if (expected === 'clean') expect(actual).toEqual({ clean: expect.anything() });
      else if ('clean' in expected) expect(actual).toEqual({ clean: expect.objectContaining(expected.clean) });
      else expect(actual).toEqual(expected);
    });
    if (c.items !== undefined) expect(day.report.items).toBe(c.items);
    expect(day.report.rowsIn).toBe(c.rows.length);
    expect(day.report.reconciled).toBe(true);
  });

  it.each(ERROR_CORPUS.map((c) => [c.name, c] as const))('%s is one clear error', async (_, c) => {
    expect(() => cleanBuffer(Buffer.from(c.text), 'day.csv')).toThrow(c.error);
    expect(() => cleanBuffer(Buffer.from(c.text), 'day.csv')).toThrow(c.message);
    await expect(cleanRows(rawRows(c.text, 'day.csv'))).rejects.toThrow(c.message);
  });
});

describe('exact money totals', () => {
  it('a partition reports exact totals: the line that does not fit is quarantined, its amount added nowhere', async () => {
    const day = await cleanBoth(csv(line({ ...NEAR_LIMIT, stock: 'A' }), line({ ...NEAR_LIMIT, stock: 'B' }), line({ stock: 'C', quantity: '1', price: '0.245' })));
    // 9,007,190,246,800,746 + 245 = 9,007,190,246,800,991 milli, exact.
    expect(day.report).toMatchObject({ clean: 2, quarantined: 1, cleanRevenueMilli: 9007190246800991, cleanRevenue: '9007190246800.991', reconciled: true });
    expect(day.report.rules.find((r) => r.id === 'malformed')?.amountMilli).toBe(0);
  });

  it('merging partitions whose total would not be exact is one clear error with the exact total', () => {
    const days = ['1', '2', '3'].map((invoice) => cleanBuffer(Buffer.from(csv(line({ ...NEAR_LIMIT, invoice }))), `${invoice}.csv`));
    // 3 × 9,007,190,246,800,746 = 27,021,570,740,402,238 milli.
    expect(() => mergePartitions(days)).toThrow(TotalTooLargeError);
    expect(() => mergePartitions(days)).toThrow(`The clean revenue of the merged partitions is £27021570740402.238, beyond ${LIMIT}, the largest total kept exactly.`);
    expect(mergePartitions(days.slice(0, 1)).report.cleanRevenue).toBe('9007190246800.746');
  });
});
