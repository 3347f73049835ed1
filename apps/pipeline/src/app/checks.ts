// What AWS would refuse, refused before anything starts: a table or bucket name the service
// rejects only after the stack has started and the upload has run, or a day no calendar has.

/** Why `name` is not a DynamoDB table name (3–255 of a-z A-Z 0-9 _ . -), or undefined if it is one. */
export function tableNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 255) return `a table name has 3 to 255 characters (this one has ${name.length})`;
  const bad = [...new Set(name.replace(/[A-Za-z0-9_.-]/g, ''))];
  if (bad.length > 0) return `a table name has only letters, digits, _ . and - (not ${bad.map((c) => JSON.stringify(c)).join(', ')})`;
  return undefined;
}

/** Prefixes and suffixes S3 keeps for its own kinds of buckets and access points. */
const RESERVED_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/**
 * Why `name` is not an S3 general purpose bucket name, or undefined if it is one: 3–63
 * characters; lowercase letters, digits, dots and hyphens; a letter or digit first and last;
 * no `..`; not an IP address; none of S3's reserved prefixes and suffixes.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `a bucket name has 3 to 63 characters (this one has ${name.length})`;
  const bad = [...new Set(name.replace(/[a-z0-9.-]/g, ''))];
  if (bad.length > 0) return `a bucket name has only lowercase letters, digits, dots and hyphens (not ${bad.map((c) => JSON.stringify(c)).join(', ')})`;
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) return 'a bucket name begins and ends with a letter or a digit';
  if (name.includes('..')) return 'a bucket name has no two dots in a row';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'a bucket name is not an IP address';
  const prefix = RESERVED_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `bucket names starting with "${prefix}" are reserved by S3`;
  const suffix = RESERVED_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `bucket names ending with "${suffix}" are reserved by S3`;
  return undefined;
}

/** Why `value` is not a calendar day `YYYY-MM-DD` (2011-02-30 is not one), or undefined if it is one. */
export function dayProblem(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return 'expected a date YYYY-MM-DD';
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2011-02-30 over to March 2: a real day comes back as itself.
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return `${value} is not a day of the calendar`;
  }
  return undefined;
}
