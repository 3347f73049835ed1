import { customerIdProblem, normalizeCustomerId, normalizeDescription } from './text';

describe('normalizeDescription', () => {
  it('trims and collapses inner whitespace, keeping the text otherwise', () => {
    expect(normalizeDescription(' SET 2 TEA TOWELS I LOVE LONDON ')).toBe('SET 2 TEA TOWELS I LOVE LONDON');
    expect(normalizeDescription('SET OF 3 COLOURED  FLYING DUCKS')).toBe('SET OF 3 COLOURED FLYING DUCKS');
    expect(normalizeDescription('TWO\nLINES\t£5')).toBe('TWO LINES £5');
    expect(normalizeDescription('Dotcomgiftshop Gift Voucher £40.00')).toBe('Dotcomgiftshop Gift Voucher £40.00');
    expect(normalizeDescription('')).toBe('');
  });
});

describe('normalizeCustomerId', () => {
  it('drops the float artefact so lookups by 17850 find the customer', () => {
    expect(normalizeCustomerId('17850.0')).toBe('17850');
    expect(normalizeCustomerId('17850')).toBe('17850');
    expect(normalizeCustomerId(' 12346.00 ')).toBe('12346');
  });

  it('treats an empty id as a guest (absent)', () => {
    expect(normalizeCustomerId('')).toBeUndefined();
    expect(normalizeCustomerId('  ')).toBeUndefined();
  });

  it('ignores spaces and tabs around the id, and flags other whitespace there', () => {
    expect(normalizeCustomerId('\t17850.0 ')).toBe('17850');
    expect(customerIdProblem('\t17850.0 ')).toBeUndefined();
    expect(customerIdProblem('')).toBeUndefined();
    expect(customerIdProblem('17850\u00a0')).toBe('customerId "17850\u00a0" has other whitespace than spaces and tabs around it');
    expect(customerIdProblem('\u200317850')).toBe('customerId "\u200317850" has other whitespace than spaces and tabs around it');
  });

  it('keeps ids that are not numbers as written', () => {
    expect(normalizeCustomerId('A17850')).toBe('A17850');
    expect(normalizeCustomerId('17850.5')).toBe('17850.5');
  });
});
