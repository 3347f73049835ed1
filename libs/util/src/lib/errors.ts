/**
 * The one way ecomlake declares an error a caller can act on (ARCHITECTURE.md, "Errors"): a
 * class extending `EcomlakeError` with a typed `code`, `'<lib>.<failure>'`, as
 * dynamodb-toolbox's `DynamoDBToolboxError` carries typed codes. The code is what survives
 * where the class does not: two copies of a package in node_modules, a JSON hop through
 * Step Functions or a worker thread.
 */
export abstract class EcomlakeError<Code extends string = string> extends Error {
  /** `'<lib>.<failure>'`, e.g. `'s3-extract.objectChanged'`. */
  readonly code: Code;
  /** Each subclass sets a literal name (a class's own name does not survive minified bundles). */
  abstract override readonly name: string;

  constructor(code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** What an `EcomlakeError` looks like from outside: an Error with a string `code` of our form. */
const CODE = /^[a-z0-9-]+\.[A-Za-z0-9]+$/;

/**
 * Whether `error` is an ecomlake error (with `code`, that one). Checks the shape, not the
 * class, so an error from another copy of a lib, or rebuilt from JSON with its `name`,
 * `message` and `code`, is recognised too.
 */
export function isEcomlakeError<Code extends string>(error: unknown, code?: Code): error is EcomlakeError<Code> {
  if (!(error instanceof Error) && !(typeof error === 'object' && error !== null && 'message' in error)) return false;
  const found = (error as { code?: unknown }).code;
  if (typeof found !== 'string' || !CODE.test(found)) return false;
  return code === undefined || found === code;
}
