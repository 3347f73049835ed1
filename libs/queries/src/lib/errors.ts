/** A query was asked with parameters it cannot answer (bad day, empty key, from after to). */
export class InvalidQueryError extends Error {
  override readonly name = 'InvalidQueryError';
  constructor(readonly query: string, reason: string) {
    super(`${query}: ${reason}`);
  }
}
