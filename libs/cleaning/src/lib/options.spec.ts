import { CleaningOptionsError } from './errors';
import { DEFAULT_NON_PRODUCT_CODES, nonProductMatcher, resolveCleanOptions, RULE_ORDER } from './options';

describe('resolveCleanOptions', () => {
  it('fills in the documented defaults: ISO dates, every rule on, 20 samples', () => {
    const o = resolveCleanOptions();
    expect(o.dateFormat).toBe('iso');
    expect(o.enabled).toEqual({ malformed: true, duplicate: true, cancellation: true, non_positive_quantity: true, non_positive_price: true });
    expect(o.samples).toBe(20);
    expect(o.nonProductCodes).toBe(DEFAULT_NON_PRODUCT_CODES);
    expect(RULE_ORDER).toEqual(['malformed', 'duplicate', 'cancellation', 'non_positive_quantity', 'non_positive_price']);
  });

  it('turns rules off by id', () => {
    expect(resolveCleanOptions({ rules: { duplicate: false } }).enabled.duplicate).toBe(false);
  });

  it('rejects an unknown date format, an unknown rule id and turning off malformed', () => {
    expect(() => resolveCleanOptions({ dateFormat: 'dmy' as 'iso' })).toThrow(/dateFormat.*iso, mdy, mdyy/);
    expect(() => resolveCleanOptions({ rules: { dupes: false } as never })).toThrow(CleaningOptionsError);
    expect(() => resolveCleanOptions({ rules: { malformed: false } })).toThrow(/always quarantined/);
    expect(() => resolveCleanOptions({ samples: -1 })).toThrow(/samples/);
  });
});

describe('nonProductMatcher', () => {
  it('matches exact codes and prefixes ending in *', () => {
    const isNonProduct = nonProductMatcher(DEFAULT_NON_PRODUCT_CODES);
    expect(['POST', 'DOT', 'M', 'BANK CHARGES', 'AMAZONFEE', 'gift_0001_40'].every(isNonProduct)).toBe(true);
    expect(['85123A', 'POSTAGE', 'MM', 'post'].some(isNonProduct)).toBe(false);
  });
});
