import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.csv': 'text/csv',
  '.tsv': 'text/tab-separated-values',
  '.txt': 'text/plain',
  '.json': 'application/json',
  '.ndjson': 'application/x-ndjson',
  '.gz': 'application/gzip',
  '.parquet': 'application/vnd.apache.parquet',
  '.html': 'text/html',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * The Content-Type for a file name. No charset for text: raw data may be ISO-8859-1.
 * `.csv.gz` is `application/gzip` without Content-Encoding, so clients keep the bytes as stored.
 */
export function contentTypeFor(name: string): string {
  return TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream';
}
