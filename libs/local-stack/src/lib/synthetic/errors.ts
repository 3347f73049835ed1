/** An option of the synthetic generator is out of range; the message names it and the fix. */
export class InvalidSyntheticOptionsError extends Error {
  override readonly name = 'InvalidSyntheticOptionsError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    hint: string,
  ) {
    super(`Invalid synthetic dataset option ${option}=${JSON.stringify(value)}: ${hint}`);
  }
}
