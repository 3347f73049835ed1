/**
 * For benchmarks (`@ecomlake/plots/testing`), not for charts: measuring cold rendering
 * needs the shared caches forgotten between runs.
 */
export { resetRenderCaches } from './lib/caches';
