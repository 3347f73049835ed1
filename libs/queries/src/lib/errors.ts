import type { IndexName } from '@ecomlake/dynamodb-repository';
import { EcomlakeError } from '@ecomlake/util';

/** The codes of queries' errors (`EcomlakeError.code`). */
export type QueriesErrorCode = 'queries.invalidQuery' | 'queries.catalogMissing' | 'queries.indexMissing';

/** A query was asked with parameters it cannot answer (bad day, empty key, from after to). */
export class InvalidQueryError extends EcomlakeError<'queries.invalidQuery'> {
  override readonly name = 'InvalidQueryError';
  constructor(readonly query: string, reason: string) {
    super('queries.invalidQuery', `${query}: ${reason}`);
  }
}

/**
 * The table holds orders but no country catalog (they were written by something other than
 * `loadItems`), so a question about dates across countries cannot be answered without a
 * scan. Loading the data again with `loadItems`, or `addCountries`, fixes it.
 */
export class CatalogMissingError extends EcomlakeError<'queries.catalogMissing'> {
  override readonly name = 'CatalogMissingError';
  constructor(readonly table: string) {
    super('queries.catalogMissing', `${table} has orders but no country catalog; load it with loadItems (or call addCountries) so date questions need no scan`);
  }
}

/**
 * The query reads partitions of an index the table does not have: CountryIndex is opt-in
 * (a default table has only CustomerIndex). The message names the option that creates the
 * index, and the way to the answer without it.
 */
export class IndexMissingError extends EcomlakeError<'queries.indexMissing'> {
  override readonly name = 'IndexMissingError';
  constructor(readonly query: string, readonly table: string, readonly index: IndexName) {
    super(
      'queries.indexMissing',
      `${query} reads ${index}, which table ${table} does not have (a default table has only CustomerIndex; the report reads aggregates). ` +
        (index === 'CountryIndex'
          ? "Create the table with orderTableSpec(name, { indexes: WITH_COUNTRY_INDEX }) (the pipeline's --country-index), " +
            'or ask createAggregateQueries, which answers salesByCountry from aggregates by key.'
          : `Create the table with orderTableSpec(name, { indexes: ['${index}', ...] }).`),
    );
  }
}
