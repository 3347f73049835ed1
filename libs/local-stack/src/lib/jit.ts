/**
 * How DynamoDB Local's JVM compiles its hot code. HotSpot's default (tiered: C1, then C2 for
 * the hottest methods) reaches the best steady speed, but C2 spends whole seconds of CPU
 * compiling during a run's first minute, on the same two cores the run needs. A run that is
 * over in seconds pays that and never gains it back: C1 alone (`-XX:TieredStopAtLevel=1`)
 * starts fast and stays about a quarter slower.
 *
 * Measured on this project's machine (2 cores; `nx run pipeline:run`, partitions stage):
 * - the default run (50,000 synthetic lines, 48,058 items): tiered 2,982 items/s, of the JVM's
 *   15.0 CPU-s 5.6 in the C2 compiler; C1 only 4,898 items/s, 0.1 CPU-s compiling;
 * - the real dataset (541,909 lines, 519,602 items): tiered 7,583 items/s; C1 only 5,565.
 * Fitting `time = items / rate + warm-up` to both gives the crossover near 140,000 items.
 */
export type DynamoDbJit = 'quick-start' | 'peak';

/** JVM options for each mode (added after the stack's own). */
export const JIT_OPTIONS: Readonly<Record<DynamoDbJit, readonly string[]>> = {
  'quick-start': ['-XX:TieredStopAtLevel=1'],
  peak: [],
};

/** Lines (items) below which a run is over before C2's compiling pays off (see the measurements above). */
export const QUICK_START_MAX_LINES = 150_000;

/**
 * The mode for a run of about `lines` input lines: `'quick-start'` below
 * `QUICK_START_MAX_LINES`, else `'peak'`; `'peak'` when the size is not known (a run that
 * may be long keeps the faster steady state).
 */
export function jitForLines(lines: number | undefined): DynamoDbJit {
  return lines !== undefined && Number.isFinite(lines) && lines < QUICK_START_MAX_LINES ? 'quick-start' : 'peak';
}
