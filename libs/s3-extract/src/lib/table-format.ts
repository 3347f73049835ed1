/** The formats a lake part is written in. */
export type TableFormat = 'csv' | 'parquet';
