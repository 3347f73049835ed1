import { S3ExtractError } from './errors';
import type { TableFormat } from './table-format';
import { asPrefix, parseS3Uri } from './s3-uri';

/** A dataset part that cannot make a key (bad partition name or value, part name, key length); `reason` says which. */
export class InvalidDatasetPartError extends S3ExtractError<'s3-extract.invalidDatasetPart'> {
  override readonly name = 'InvalidDatasetPartError';
  constructor(
    readonly datasetUri: string,
    readonly reason: string,
  ) {
    super('s3-extract.invalidDatasetPart', `Cannot write a part of the dataset ${datasetUri}: ${reason}.`);
  }
}

/** Partition columns and their values, in path order: `{ day: '2011-12-09' }` → `day=2011-12-09/`. */
export type PartitionValues = Readonly<Record<string, string>>;

/** Where one part of a Hive-style dataset lives. */
export interface DatasetPartLocation {
  /** Partition columns and values, in path order. Required; `{}` puts the part at the dataset's top. */
  readonly partition: PartitionValues;
  /** The file name without extension, e.g. `part-<etag>`: letters, digits, `-_.`, at most 200. Required. */
  readonly part: string;
  /** `'parquet'` or `'csv'`: the extension. Default: `'parquet'`. */
  readonly format?: TableFormat;
}

// Lower case: Athena's MSCK REPAIR TABLE and Glue only find partitions whose path names are lower case.
const PARTITION_NAME = /^[a-z_][a-z0-9_]*$/;
const PART_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_KEY_BYTES = 1024;

/** The characters Hive (and Spark: ExternalCatalogUtils.escapePathName) escape in partition values. */
function needsEscape(code: number): boolean {
  return code < 0x20 || code === 0x7f || '"#%\'*/:=?\\{[]^'.includes(String.fromCharCode(code));
}

/** A partition value as Hive writes it in a path: each escaped character becomes `%XX` (upper-case hex). */
export function escapePartitionValue(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.charCodeAt(0);
    out += char.length === 1 && needsEscape(code) ? `%${code.toString(16).toUpperCase().padStart(2, '0')}` : char;
  }
  return out;
}

/** The inverse of {@link escapePartitionValue}: `%XX` back to its character; other text kept. */
export function unescapePartitionValue(text: string): string {
  return text.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** `partition` as path segments, checked: `['day=2011-12-09']`. */
function partitionSegments(datasetUri: string, partition: PartitionValues): string[] {
  return Object.entries(partition).map(([name, value]) => {
    if (!PARTITION_NAME.test(name)) {
      throw new InvalidDatasetPartError(datasetUri, `partition name "${name}" must be lower-case letters, digits or "_" (e.g. "day"), as Athena and Glue need`);
    }
    if (typeof value !== 'string' || value === '') {
      throw new InvalidDatasetPartError(datasetUri, `partition "${name}" has no value; give a non-empty string (e.g. { ${name}: '2011-12-09' })`);
    }
    return `${name}=${escapePartitionValue(value)}`;
  });
}

/**
 * The key of one part: `<dataset prefix>/<k1>=<v1>/…/<part>.<ext>`, values escaped as Hive does.
 * Pure: computes the key a `writeDatasetPart` with the same options writes, e.g. to list the parts
 * a run keeps. Throws `InvalidDatasetPartError` for a name or value that cannot make a key.
 */
export function datasetPartKey(datasetUri: string, location: DatasetPartLocation): string {
  const { key: prefix } = parseS3Uri(datasetUri);
  const { part, format = 'parquet' } = location;
  if (!PART_NAME.test(part) || part.length > 200) {
    throw new InvalidDatasetPartError(datasetUri, `part name "${part}" must be letters, digits, "-", "_" or "." (e.g. "part-0"), at most 200, without a folder`);
  }
  const key = [asPrefix(prefix), ...partitionSegments(datasetUri, location.partition).map((s) => `${s}/`), `${part}.${format}`].join('');
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) throw new InvalidDatasetPartError(datasetUri, `the key would be longer than S3's ${MAX_KEY_BYTES} bytes`);
  return key;
}

/**
 * What a key under the dataset says about itself (`partition` unescaped, `part`, `format`), or
 * undefined for keys that are not parts of it (other extensions, segments without `=`).
 */
export function parseDatasetPartKey(datasetUri: string, key: string): Required<DatasetPartLocation> | undefined {
  const prefix = asPrefix(parseS3Uri(datasetUri).key);
  if (!key.startsWith(prefix)) return undefined;
  const segments = key.slice(prefix.length).split('/');
  const file = /^(?<part>.+)\.(?<format>parquet|csv)$/.exec(segments.pop() ?? '')?.groups;
  if (!file || !PART_NAME.test(file.part)) return undefined;
  const partition: Record<string, string> = {};
  for (const segment of segments) {
    const eq = segment.indexOf('=');
    const name = segment.slice(0, eq);
    if (eq < 0 || !PARTITION_NAME.test(name) || eq === segment.length - 1) return undefined;
    partition[name] = unescapePartitionValue(segment.slice(eq + 1));
  }
  return { partition, part: file.part, format: file.format as TableFormat };
}
