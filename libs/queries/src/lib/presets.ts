import type { RunOptions } from './executor';

/**
 * Query settings for DynamoDB Local, the embedded stack's server. Its cost per page grows
 * with the page's position in a Query or scan segment (about quadratic in the length read),
 * so big partitions are read in 3-day sub-ranges: the UK's 474,821 items took 349 s as one
 * Query, 14 s in 7-day and 10 s in 3-day sub-ranges, 4 in flight (tools/bench dynamodb).
 * Scans use the default `'auto'` segments (one per ~4,000 index entries) there too.
 * The library's defaults are AWS's; apply this where the endpoint is DynamoDB Local.
 */
export const DYNAMODB_LOCAL_QUERIES: Readonly<Pick<RunOptions, 'splitDays'>> = { splitDays: 3 };
