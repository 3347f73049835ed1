import type { RuleId } from '@ecomlake/model';
import type { ParsedRow } from '../clean/row-parser';

/**
 * The rules after `duplicate`, in order: `cancellation` (invoice number starting with
 * `C`), then `non_positive_quantity`, then `non_positive_price`. Returns the first
 * enabled rule that excludes the row, or `undefined` for a sales line.
 */
export function salesExclusion(row: ParsedRow, enabled: Readonly<Record<RuleId, boolean>>): RuleId | undefined {
  if (row.cancellation && enabled.cancellation) return 'cancellation';
  if (row.quantity <= 0 && enabled.non_positive_quantity) return 'non_positive_quantity';
  if (row.unitPriceMilli <= 0 && enabled.non_positive_price) return 'non_positive_price';
  return undefined;
}
