// The first pass's check, plan by plan as they arrive: the same verdict as over the whole list.
import { checkNoOverlap, PartitionOverlapError } from '@ecomlake/cleaning';
import { createDisjointCheck } from './disjoint';
import { checkPartitionsDisjoint } from './plan-run';

const plan = (name: string, invoices: string[]) => ({ id: `${name}.csv`, source: `s3://b/raw/${name}.csv`, invoices });

describe('createDisjointCheck', () => {
  it('names the first invoice in two partitions in run order, as cleaning does over the whole list, whatever the arrival order', () => {
    const plans = [plan('a', ['536365', '536366']), plan('b', ['536367']), plan('c', ['536367', 'C536368']), plan('d', ['536365'])];
    let expected = '';
    try {
      checkNoOverlap(plans.map((p) => ({ partition: p.source, invoices: p.invoices })));
    } catch (error) {
      expected = (error as Error).message;
    }
    expect(expected).toBe('Invoice 536367 appears in two partitions (s3://b/raw/b.csv and s3://b/raw/c.csv). Split the input by invoice day, or clean these files as one partition.');
    const check = createDisjointCheck();
    for (const index of [3, 2, 0, 1]) check.add(index, plans[index]);
    expect(() => check.finish()).toThrow(expected);
  });

  it('keeps invoice numbers apart that only look alike as numbers', () => {
    // Whole numbers are kept as numbers: '0123' and '123', '1e3' and '1000' are still four invoices.
    expect(() => checkPartitionsDisjoint([plan('a', ['0123', '1e3', 'C536365', '536365']), plan('b', ['123', '1000', '536365.0', 'c536365'])])).not.toThrow();
    expect(() => checkPartitionsDisjoint([plan('a', ['0123', '99999999999']), plan('b', ['99999999999'])])).toThrow(PartitionOverlapError);
    expect(() => checkPartitionsDisjoint([plan('a', ['0123']), plan('b', ['0123'])])).toThrow('Invoice 0123 appears in two partitions');
  });

  it('refuses an id given twice before an overlap, and names a plan that never arrived', () => {
    const check = createDisjointCheck();
    check.add(0, plan('a', ['1']));
    check.add(1, plan('b', ['1']));
    check.add(2, { ...plan('a', ['2']), source: 's3://b/other/a.csv' });
    expect(() => check.finish()).toThrow('partition "a.csv" is given twice (s3://b/raw/a.csv and s3://b/other/a.csv); partition ids must be unique');
    const gap = createDisjointCheck();
    gap.add(1, plan('b', ['1']));
    expect(() => gap.finish()).toThrow(/1 arrived before result 0/);
  });
});
