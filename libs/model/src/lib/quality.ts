import type { Milli } from './money';

/** Rule ids, in the order they are applied. */
export type RuleId =
  | 'malformed'
  | 'duplicate'
  | 'cancellation'
  | 'non_positive_quantity'
  | 'non_positive_price';

/** A row that a rule removed, with where it came from. */
export interface RuleSample {
  source: string;
  line: number;
  /** Why, for quarantined rows; the rule id otherwise. */
  reason: string;
  /** The raw fields (or raw text for unreadable lines). */
  fields: readonly string[];
}

export interface RuleResult {
  id: RuleId;
  /** `quarantine` for unreadable rows, `exclude` for rows that are valid but not sales. */
  action: 'quarantine' | 'exclude';
  count: number;
  /** Share of rows in, 0–100. */
  percent: number;
  /** Sum of quantity × unit price of the affected rows that had readable numbers. */
  amountMilli: Milli;
  samples: RuleSample[];
}

/** The machine-readable quality report (`quality-report.json`). */
export interface QualitySummary {
  rowsIn: number;
  /** Clean order lines. */
  clean: number;
  /** Rule id → number of excluded lines. */
  excluded: Partial<Record<RuleId, number>>;
  /** Quarantined (malformed) lines. */
  quarantined: number;
  /** Sum of clean lines' amounts, exact, in thousandths. */
  cleanRevenueMilli: Milli;
  /** The same, as a decimal string in pounds (`"8911407.904"`). */
  cleanRevenue: string;
  /** Keyed DynamoDB items after combining lines that share (invoiceNo, stockCode). */
  items: number;
  /** Clean lines combined into another line's item (clean − items). */
  combinedLines: number;
  /** Clean lines without a customer. */
  guests: number;
  /** Clean lines whose stock code is not a product (postage, fees, manual). */
  nonProductLines: number;
  rules: RuleResult[];
  /**
   * Physical lines read: line breaks, plus a last line without one. A row may span
   * several (a quoted field with line breaks), so lines are reconciled too: a line
   * swallowed into another row, or lost, shows here.
   */
  linesIn: number;
  /** Where each physical line went; these add up to `linesIn`. */
  lines: {
    /** The header record's lines. */
    header: number;
    /** Empty lines (no data). */
    blank: number;
    /** Lines of clean rows. */
    clean: number;
    /** Lines of excluded rows. */
    excluded: number;
    /** Lines of quarantined rows. */
    quarantined: number;
  };
  /**
   * rowsIn = clean + Σ excluded + quarantined and linesIn = Σ lines, checked on every
   * run.
   */
  reconciled: boolean;
}
