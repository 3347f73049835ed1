/**
 * For tests and benchmarks (`@ecomlake/cleaning/testing`): the cleaning rules as DuckDB
 * SQL, the independent implementation the results are compared with; large objects made of
 * real days, for memory tests.
 */
export { rulesAsSql } from './lib/reference/rules-sql';
export { repeatDays, type RepeatDaysOptions, type RepeatedDays } from './lib/reference/repeat-days';
