import type { RuleId } from '@ecomlake/model';
import { CleaningOptionsError } from './errors';
import { DATE_FORMATS, type DateFormat } from './parse/dates';

/** Rules in the order they are applied; the first that matches a row decides. */
export const RULE_ORDER: readonly RuleId[] = [
  'malformed',
  'duplicate',
  'cancellation',
  'non_positive_quantity',
  'non_positive_price',
];

/** Stock codes that are postage, fees or manual adjustments rather than products. */
export const DEFAULT_NON_PRODUCT_CODES: readonly string[] = [
  'POST',
  'DOT',
  'M',
  'm',
  'D',
  'C2',
  'S',
  'B',
  'CRUK',
  'PADS',
  'BANK CHARGES',
  'AMAZONFEE',
  'gift_0001_*',
];

export interface CleanOptions {
  /** Format of `InvoiceDate`: `'iso'` (`2010-12-01 08:26:00`), `'mdy'` (`12/1/2010 8:26`), `'mdyy'` (`12/1/10 8:26`). Default `'iso'`. */
  dateFormat?: DateFormat;
  /**
   * Turn exclusion rules off: `{ duplicate: false }` keeps duplicate rows as clean lines.
   * Default: all on. `malformed` cannot be turned off (an unreadable row cannot become an order line).
   */
  rules?: Partial<Record<RuleId, boolean>>;
  /** Stock codes flagged `nonProduct` (kept, counted); a trailing `*` matches a prefix. Default {@link DEFAULT_NON_PRODUCT_CODES}. */
  nonProductCodes?: readonly string[];
  /** Sample rows kept per rule in the report. Default 20. */
  samples?: number;
  /** Name of the partition in reports and errors. Default: the source of its first row. */
  partition?: string;
}

export interface ResolvedCleanOptions {
  dateFormat: DateFormat;
  enabled: Record<RuleId, boolean>;
  nonProductCodes: readonly string[];
  samples: number;
  partition: string | undefined;
}

/** Fills in defaults; throws {@link CleaningOptionsError} naming a bad option. */
export function resolveCleanOptions(options: CleanOptions = {}): ResolvedCleanOptions {
  const dateFormat = options.dateFormat ?? 'iso';
  if (!DATE_FORMATS.includes(dateFormat)) {
    throw new CleaningOptionsError('dateFormat', dateFormat, `Use one of: ${DATE_FORMATS.join(', ')}.`);
  }
  const enabled = Object.fromEntries(RULE_ORDER.map((id) => [id, true])) as Record<RuleId, boolean>;
  for (const [id, on] of Object.entries(options.rules ?? {})) {
    if (!RULE_ORDER.includes(id as RuleId)) {
      throw new CleaningOptionsError('rules', id, `Rule ids are: ${RULE_ORDER.join(', ')}.`);
    }
    if (id === 'malformed' && on === false) {
      throw new CleaningOptionsError('rules.malformed', on, 'Malformed rows are always quarantined.');
    }
    enabled[id as RuleId] = on !== false;
  }
  const samples = options.samples ?? 20;
  if (!Number.isInteger(samples) || samples < 0) {
    throw new CleaningOptionsError('samples', samples, 'Use a whole number ≥ 0.');
  }
  return {
    dateFormat,
    enabled,
    nonProductCodes: options.nonProductCodes ?? DEFAULT_NON_PRODUCT_CODES,
    samples,
    partition: options.partition,
  };
}

/** A predicate for {@link CleanOptions.nonProductCodes} (exact codes, or prefixes ending in `*`). */
export function nonProductMatcher(codes: readonly string[]): (stockCode: string) => boolean {
  const exact = new Set(codes.filter((c) => !c.endsWith('*')));
  const prefixes = codes.filter((c) => c.endsWith('*')).map((c) => c.slice(0, -1));
  return (code) => exact.has(code) || prefixes.some((p) => code.startsWith(p));
}
