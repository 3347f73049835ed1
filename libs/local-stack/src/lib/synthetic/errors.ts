import { EcomlakeError } from '@ecomlake/util';

/** An option of the synthetic generator is out of range; the message names it and the fix. */
export class InvalidSyntheticOptionsError extends EcomlakeError<'local-stack.invalidSyntheticOption'> {
  override readonly name = 'InvalidSyntheticOptionsError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    hint: string,
  ) {
    super('local-stack.invalidSyntheticOption', `Invalid synthetic dataset option ${option}=${JSON.stringify(value)}: ${hint}`);
  }
}
