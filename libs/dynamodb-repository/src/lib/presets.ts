import type { LoadOptions } from './load-items';

/**
 * Loader settings for DynamoDB Local, the embedded stack's server. It applies writes one
 * at a time, so more than ~6 requests in flight only queue (rates for 1–12 lie within noise,
 * measured with `bench:dynamodb -- --sweep`), and asking for consumed capacity costs it ~28%
 * of its CPU per item: capacity is sampled on 1 request in 20 (figures marked as estimates).
 * The library's defaults are AWS's; apply this where the endpoint is DynamoDB Local.
 */
export const DYNAMODB_LOCAL_LOAD: Readonly<Pick<LoadOptions, 'concurrency' | 'capacitySampleEvery'>> = {
  concurrency: 6,
  capacitySampleEvery: 20,
};
