import type { CountryMonthSales } from '@ecomlake/model';
import { countryMonths, type RowAccumulator } from '../aggregate';
import { checkRange, type DayRange } from '../days';
import type { QueryDefinition } from '../definition';

/**
 * Revenue and distinct orders per country and month (the bubble map): a parallel Scan of
 * CountryIndex, whose entries are ~5x smaller than the table's items, where the table has it
 * (opt-in); else of the table's order items.
 */
export function salesByCountryMonth(range: DayRange = {}): QueryDefinition<CountryMonthSales[], RowAccumulator<CountryMonthSales[]>> {
  return {
    name: 'salesByCountryMonth',
    plan: { kind: 'scan', index: 'CountryIndex', range: checkRange('salesByCountryMonth', range) },
    fields: ['invoiceNo', 'invoiceDate', 'totalAmountMilli', 'country'],
    init: countryMonths,
    add: (accumulator, row) => accumulator.add(row),
    finish: (accumulator) => accumulator.result(),
  };
}
