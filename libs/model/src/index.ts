export type { Milli, Pounds, MoneyFormatOptions } from './lib/money';
export { milli, toPounds, formatMilli, formatMoney, formatPounds, formatMoneyCompact } from './lib/money';
export type { RecordSource, RawRecord, RecordError, RawRow } from './lib/raw-record';
export type { OrderLine, OrderItem } from './lib/order';
export type { RuleId, RuleSample, RuleResult, QualitySummary } from './lib/quality';
export type { DailyRevenue, CountryMonthSales, OrderValue, ColumnarTable } from './lib/aggregates';
export type { PackedOrder, DayCountryAggregate, CancellationAmount } from './lib/partition-aggregates';
export type { DayRange } from './lib/day-range';
