import { milli } from '@ecomlake/model';
import { EcomlakeError } from '@ecomlake/util';
import { escapeControl, quoteValue } from './escape';
import { formatMilli } from './parse/money';

/**
 * The codes of cleaning's errors (`EcomlakeError.code`, ARCHITECTURE.md "Errors"): what a
 * caller tests with `isEcomlakeError(error, 'cleaning.missingColumn')`, and what survives
 * where the class does not (a JSON hop, another copy of the package).
 */
export type CleaningErrorCode =
  | 'cleaning.missingColumn'
  | 'cleaning.ambiguousColumn'
  | 'cleaning.unreadableHeader'
  | 'cleaning.emptyFile'
  | 'cleaning.invalidOption'
  | 'cleaning.reconciliation'
  | 'cleaning.partitionOverlap'
  | 'cleaning.totalTooLarge'
  | 'cleaning.compressedFile'
  | 'cleaning.inputNotFound'
  | 'cleaning.noCsvFiles'
  | 'cleaning.usage';

/** A required column is missing from a file's header. */
export class MissingColumnError extends EcomlakeError<'cleaning.missingColumn'> {
  override readonly name = 'MissingColumnError';
  constructor(
    readonly file: string,
    readonly expected: readonly string[],
    readonly found: readonly string[],
    readonly missing: readonly string[],
  ) {
    super(
      'cleaning.missingColumn',
      `${escapeControl(file || 'input')}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
        `Expected ${expected.join(', ')} (case and spaces ignored; Online Retail II names Invoice, Price, Customer ID accepted); ` +
        `found ${found.length ? found.map(quoteValue).join(', ') : 'no header'}. ` +
        `Is this an Online Retail CSV file with a header line?`,
    );
  }
}

/**
 * Two header columns name the same canonical column (`Quantity,Quantity`;
 * `InvoiceNo,Invoice`; `UnitPrice,Price`): taking either would be a guess.
 */
export class AmbiguousColumnError extends EcomlakeError<'cleaning.ambiguousColumn'> {
  override readonly name = 'AmbiguousColumnError';
  constructor(
    readonly file: string,
    /** The canonical column both name, e.g. `InvoiceNo`. */
    readonly column: string,
    /** The two header names, as written. */
    readonly names: readonly [string, string],
    /** Their positions in the header, counting from 1. */
    readonly positions: readonly [number, number],
  ) {
    super(
      'cleaning.ambiguousColumn',
      `${escapeControl(file || 'input')}: header columns ${positions[0]} ${quoteValue(names[0])} and ${positions[1]} ${quoteValue(names[1])} both name ${column}. ` +
        `Remove or rename one of them, so that it is clear which holds the data.`,
    );
  }
}

/** The header line itself could not be read (not text in this encoding, unterminated quote, ...). */
export class UnreadableHeaderError extends EcomlakeError<'cleaning.unreadableHeader'> {
  override readonly name = 'UnreadableHeaderError';
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      'cleaning.unreadableHeader',
      `${escapeControl(file || 'input')}: the header line could not be read (${escapeControl(reason)}). ` +
        `Check that it is a CSV file, and try --encoding latin1 if it was exported as ISO-8859-1.`,
    );
  }
}

/** A file with no bytes at all: not even a header, so probably a failed export or upload. */
export class EmptyFileError extends EcomlakeError<'cleaning.emptyFile'> {
  override readonly name = 'EmptyFileError';
  constructor(readonly file: string) {
    super('cleaning.emptyFile', `${escapeControl(file)}: the file is empty (no header line). Re-export or re-upload it, or remove it from the input.`);
  }
}

/** An option value the cleaner cannot use; the message names the option and the choices. */
export class CleaningOptionsError extends EcomlakeError<'cleaning.invalidOption'> {
  override readonly name = 'CleaningOptionsError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    hint: string,
  ) {
    super('cleaning.invalidOption', `Invalid cleaning option ${option}: ${JSON.stringify(value)}. ${hint}`);
  }
}

/** Rows in ≠ clean + excluded + quarantined: a bug, never silently accepted. */
export class ReconciliationError extends EcomlakeError<'cleaning.reconciliation'> {
  override readonly name = 'ReconciliationError';
  constructor(
    readonly partition: string,
    detail: string,
  ) {
    super('cleaning.reconciliation', `Cleaning ${escapeControl(partition || 'input')} does not reconcile: ${detail}. This is a bug in the cleaning library; please report it with the input.`);
  }
}

/**
 * One invoice in two partitions: keying is done per partition, so its items could
 * collide in DynamoDB. Partitions must hold whole invoices (split files by day).
 */
export class PartitionOverlapError extends EcomlakeError<'cleaning.partitionOverlap'> {
  override readonly name = 'PartitionOverlapError';
  constructor(
    readonly invoiceNo: string,
    readonly partitions: readonly [string, string],
  ) {
    super(
      'cleaning.partitionOverlap',
      `Invoice ${escapeControl(invoiceNo)} appears in two partitions (${escapeControl(partitions[0])} and ${escapeControl(partitions[1])}). ` +
        `Split the input by invoice day, or clean these files as one partition.`,
    );
  }
}

/**
 * A money total beyond what a `Milli` holds exactly (2^53 − 1 thousandths,
 * £9,007,199,254,740.991). Lines that would take a partition past it are quarantined;
 * this is thrown when merging partitions would, so no report carries a rounded total.
 */
export class TotalTooLargeError extends EcomlakeError<'cleaning.totalTooLarge'> {
  override readonly name = 'TotalTooLargeError';
  constructor(
    /** What was being totalled, e.g. `clean revenue of the merged partitions`. */
    readonly what: string,
    /** The exact total in pounds, as a decimal string. */
    readonly total: string,
  ) {
    super(
      'cleaning.totalTooLarge',
      `The ${what} is £${total}, beyond £${formatMilli(milli(Number.MAX_SAFE_INTEGER))}, the largest total kept exactly. ` +
        `Check Quantity and UnitPrice for values that are not real orders (see the rules' samples), or merge fewer partitions at a time.`,
    );
  }
}

/** A `.csv.gz` file that is not valid gzip, or decompresses to more than the limit. */
export class CompressedFileError extends EcomlakeError<'cleaning.compressedFile'> {
  override readonly name = 'CompressedFileError';
  constructor(
    readonly file: string,
    readonly problem: 'too large' | 'not gzip',
    detail: string,
    /** `cause`: zlib's own error. */
    options?: ErrorOptions,
  ) {
    super('cleaning.compressedFile', `${file}: ${detail}`, options);
  }
}
