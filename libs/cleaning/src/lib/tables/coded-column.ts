import type { TypedColumn } from './schema';

/**
 * An arquero column over dictionary codes: 4 bytes a row, no string copies, and merging
 * partitions only shifts codes. Arquero reads any column through `at(row)`.
 */
export interface StringColumn {
  readonly length: number;
  readonly codes: Int32Array;
  readonly strings: readonly string[];
  at(row: number): string | null;
  [Symbol.iterator](): Iterator<string | null>;
}

export function stringColumn(codes: Int32Array, strings: readonly string[]): StringColumn {
  return {
    length: codes.length,
    codes,
    strings,
    at(row) {
      const code = codes[row];
      return code < 0 ? null : strings[code];
    },
    *[Symbol.iterator]() {
      for (let i = 0; i < codes.length; i++) yield codes[i] < 0 ? null : strings[codes[i]];
    },
  };
}

/** An arquero column of booleans stored as 0/1 bytes. */
export interface BoolColumn {
  readonly length: number;
  readonly bytes: Uint8Array;
  at(row: number): boolean;
  [Symbol.iterator](): Iterator<boolean>;
}

export function boolColumn(bytes: Uint8Array): BoolColumn {
  return {
    length: bytes.length,
    bytes,
    at: (row) => bytes[row] === 1,
    *[Symbol.iterator]() {
      for (let i = 0; i < bytes.length; i++) yield bytes[i] === 1;
    },
  };
}

export type TableColumn = StringColumn | BoolColumn | TypedColumn;
