import { escapeControl } from '@ecomlake/cleaning';
import { EcomlakeError } from '@ecomlake/util';

/** Why an input cannot be regrouped: `header` (a later file has another header), `line` (a physical line past the limit), `target` (the target would hold or overlap the input). */
export type RegroupInputProblem = 'header' | 'line' | 'target';

/** The input cannot be regrouped as it is; the message names the file (or URI) and what to do. */
export class RegroupInputError extends EcomlakeError<'partition-unit.regroupInput'> {
  override readonly name = 'RegroupInputError';
  constructor(
    readonly problem: RegroupInputProblem,
    /** The file (`s3://bucket/key`) or target URI at fault. */
    readonly file: string,
    detail: string,
  ) {
    // Names and headers come from the input: control characters are shown escaped, never sent to a terminal.
    super('partition-unit.regroupInput', escapeControl(`${file}: ${detail}`));
  }
}
