/** A query was asked with parameters it cannot answer (bad day, empty key, from after to). */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
  constructor(readonly query: string, reason: string) {
    super(`${query}: ${reason}`);
  }
}

/**
 * The table holds orders but no country catalog (they were written by something other than
 * `loadItems`), so a question about dates across countries cannot be answered without a
 * scan. Loading the data again with `loadItems`, or `addCountries`, fixes it.
 */
export class CatalogMissingError extends Error {
  override readonly name = 'CatalogMissingError';
  constructor(readonly table: string) {
    super(`${table} has orders but no country catalog; load it with loadItems (or call addCountries) so date questions need no scan`);
  }
}
