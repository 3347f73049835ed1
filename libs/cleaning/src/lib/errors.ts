/** A required column is missing from a file's header. */
export class MissingColumnError extends Error {
  constructor(
    readonly file: string,
    readonly expected: readonly string[],
    readonly found: readonly string[],
    readonly missing: readonly string[],
  ) {
    super(
      `${file || 'input'}: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}. ` +
        `Expected ${expected.join(', ')} (case and spaces ignored; Online Retail II names Invoice, Price, Customer ID accepted); ` +
        `found ${found.length ? found.map((f) => JSON.stringify(f)).join(', ') : 'no header'}. ` +
        `Is this an Online Retail CSV file with a header line?`,
    );
    this.name = 'MissingColumnError';
  }
}

/** The header line itself could not be read (not text in this encoding, unterminated quote, ...). */
export class UnreadableHeaderError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(
      `${file || 'input'}: the header line could not be read (${reason}). ` +
        `Check that it is a CSV file, and try --encoding latin1 if it was exported as ISO-8859-1.`,
    );
    this.name = 'UnreadableHeaderError';
  }
}

/** A file with no bytes at all: not even a header, so probably a failed export or upload. */
export class EmptyFileError extends Error {
  constructor(readonly file: string) {
    super(`${file}: the file is empty (no header line). Re-export or re-upload it, or remove it from the input.`);
    this.name = 'EmptyFileError';
  }
}

/** An option value the cleaner cannot use; the message names the option and the choices. */
export class CleaningOptionsError extends Error {
  constructor(
    readonly option: string,
    readonly value: unknown,
    hint: string,
  ) {
    super(`Invalid cleaning option ${option}: ${JSON.stringify(value)}. ${hint}`);
    this.name = 'CleaningOptionsError';
  }
}

/** Rows in ≠ clean + excluded + quarantined: a bug, never silently accepted. */
export class ReconciliationError extends Error {
  constructor(
    readonly partition: string,
    detail: string,
  ) {
    super(`Cleaning ${partition || 'input'} does not reconcile: ${detail}. This is a bug in the cleaning library; please report it with the input.`);
    this.name = 'ReconciliationError';
  }
}

/**
 * One invoice in two partitions: keying is done per partition, so its items could
 * collide in DynamoDB. Partitions must hold whole invoices (split files by day).
 */
export class PartitionOverlapError extends Error {
  constructor(
    readonly invoiceNo: string,
    readonly partitions: readonly [string, string],
  ) {
    super(
      `Invoice ${invoiceNo} appears in two partitions (${partitions[0]} and ${partitions[1]}). ` +
        `Split the input by invoice day, or clean these files as one partition.`,
    );
    this.name = 'PartitionOverlapError';
  }
}
