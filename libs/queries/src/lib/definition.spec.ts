import { samePlan, type ReadPlan } from './definition';

describe('samePlan', () => {
  const scan: ReadPlan = { kind: 'scan', index: 'CountryIndex', range: { from: '2011-01-01', to: '2011-06-30' } };

  it('compares field by field, whatever the order the fields were written in', () => {
    expect(samePlan(scan, { range: { to: '2011-06-30', from: '2011-01-01' }, index: 'CountryIndex', kind: 'scan' })).toBe(true);
  });

  it('takes an absent range, an empty one and undefined ends as the same whole history', () => {
    const whole: ReadPlan = { kind: 'scan', index: 'CountryIndex' };
    expect(samePlan(whole, { kind: 'scan', index: 'CountryIndex', range: {} })).toBe(true);
    expect(samePlan(whole, { kind: 'scan', index: 'CountryIndex', range: { from: undefined, to: undefined } })).toBe(true);
  });

  it('tells apart another index, kind or day', () => {
    expect(samePlan(scan, { ...scan, index: 'CustomerIndex' })).toBe(false);
    expect(samePlan(scan, { ...scan, range: { from: '2011-01-01' } })).toBe(false);
    expect(samePlan(scan, { ...scan, range: { from: '2011-01-02', to: '2011-06-30' } })).toBe(false);
    expect(samePlan(scan, { kind: 'query', index: 'CountryIndex', partitions: 'all', range: scan.range })).toBe(false);
  });

  it('compares query partitions in order, "all" only with "all", and no split with split: false', () => {
    const query: ReadPlan = { kind: 'query', index: 'CountryIndex', partitions: ['France', 'Spain'] };
    expect(samePlan(query, { ...query, partitions: ['France', 'Spain'], split: false })).toBe(true);
    expect(samePlan(query, { ...query, split: true })).toBe(false);
    expect(samePlan(query, { ...query, partitions: ['Spain', 'France'] })).toBe(false);
    expect(samePlan(query, { ...query, partitions: ['France'] })).toBe(false);
    expect(samePlan(query, { ...query, partitions: 'all' })).toBe(false);
    expect(samePlan({ ...query, partitions: 'all' }, { ...query, partitions: 'all' })).toBe(true);
  });
});
