import type { CancellationAmount, ColumnarTable, Milli } from '@ecomlake/model';

/**
 * The partition's cancellation rows (excluded by the `cancellation` rule), as aggregates
 * book them: on the day they happen, in their country, with their amount (≤ 0).
 */
export function cancellationsOf(excluded: ColumnarTable): CancellationAmount[] {
  const rules = excluded.array('rule');
  const dates = excluded.array('invoiceDate');
  const countries = excluded.array('country');
  const amounts = excluded.array('totalAmountMilli');
  const out: CancellationAmount[] = [];
  for (let i = 0; i < rules.length; i++) {
    if (rules[i] !== 'cancellation') continue;
    out.push({ invoiceDay: String(dates[i]).slice(0, 10), country: String(countries[i]), amountMilli: Number(amounts[i]) as Milli });
  }
  return out;
}
