/**
 * For tests and benchmarks (`@ecomlake/cleaning/testing`): the cleaning rules as DuckDB
 * SQL, the independent implementation the results are compared with.
 */
export { rulesAsSql } from './lib/reference/rules-sql';
