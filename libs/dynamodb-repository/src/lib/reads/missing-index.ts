/**
 * True when DynamoDB refused a read because the table has no such index (a ValidationException,
 * "The table does not have the specified index: <name>", on AWS and DynamoDB Local alike).
 * Reads of an opt-in index (CountryIndex) use it to fall back or to name the option.
 */
export function isMissingIndexError(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationException' && error.message.includes('does not have the specified index');
}
