/**
 * How DynamoDB Local's JVM compiles its hot code. HotSpot's default (tiered: C1, then C2 for
 * the hottest methods) reaches the best steady speed, but C2 spends whole seconds of CPU
 * compiling during a run's first minute, on the same two cores the run needs. A run that is
 * over in seconds pays that and never gains it back.
 *
 * Where the server's time goes (JFR, the default run): its one SQLite thread, which every write
 * waits on, spent 62% of its samples in Jackson deserializing the table's schema, a 2 KB JSON
 * document DynamoDB Local reads back three times for every item it puts (once to read the old
 * item, twice to write the new one); Jetty's threads parse the requests. So `'quick-start'` lets
 * C2 compile only that path (Jackson, DynamoDB Local's mapper, Jetty, java.util, java.lang's
 * String* classes); every other method stays C1 code (profiled C1 while it warms, plain C1
 * once C2 declines it): C2 then costs ~2 CPU-s of compiling instead of ~6.
 *
 * Measured on this project's machine (2 cores; `nx run pipeline:run`, partitions stage; runs of
 * each mode alternated, three rounds, 2026-12-08):
 * - the default run (50,000 synthetic lines, 48,058 items): C1 alone 3,051 / 4,114 / 4,266
 *   items/s (SQLite thread 10.0 / 7.5 / 7.7 CPU-s); C2 for Jackson, the mapper and Jetty
 *   3,834 / 5,069 / 4,714 (6.3 / 5.2 / 5.3 CPU-s); with java.util and String too (the mode
 *   below) 5,380 / 4,083 / 5,091 against 3,892 / 4,896 / 4,724 in the same rounds. Letting C2
 *   compile DynamoDB Local's storage classes as well cost 5 CPU-s of compiling: slower.
 *   On 2026-12-07, same run: HotSpot's tiered default 2,982 items/s (5.6 of the JVM's 15.0 CPU-s in C2).
 * - the real dataset (541,909 lines, 519,602 items): tiered 9,157 / 7,962 items/s, this
 *   `'quick-start'` 8,218 / 7,892: a long run keeps `'peak'`.
 * The threshold is the crossover of C1 alone against tiered (near 140,000 items, fitting
 * `time = items / rate + warm-up` to both runs); it was not measured again for this mode.
 */
export type DynamoDbJit = 'quick-start' | 'peak';

/** What a mode adds to the JVM: options, and compiler directives (HotSpot's JSON) the JVM reads from a file. */
export interface JitSettings {
  readonly javaOptions: readonly string[];
  /** Passed as `-XX:CompilerDirectivesFile` (the stack writes the file into its folder). Default: none. */
  readonly directives?: string;
}

/**
 * Methods C2 compiles in `'quick-start'`, as HotSpot's method patterns (`package/Class.method`;
 * a `*` at the end of a class matches every class of that prefix, subpackages included:
 * `java/lang/String*` is String, StringBuilder, StringLatin1, ...).
 */
export const QUICK_START_C2_METHODS: readonly string[] = [
  'com/fasterxml/jackson/*.*',
  'software/amazon/dynamodb/services/local/shared/mapper/*.*',
  'org/eclipse/jetty/*.*',
  'java/util/*.*',
  'java/lang/String*.*',
];

/**
 * HotSpot compiler directives letting C2 compile only `c2Methods`: the first directive that
 * matches a method applies, so the last excludes every other method from C2, which then stays
 * C1 code.
 */
export function c2OnlyDirectives(c2Methods: readonly string[]): string {
  if (c2Methods.length === 0) throw new RangeError('c2Methods must name at least one method pattern');
  return JSON.stringify([
    { match: [...c2Methods], c2: { Exclude: false } },
    { match: ['*.*'], c2: { Exclude: true } },
  ]);
}

/** Each mode's settings (added after the stack's own JVM options). */
export const JIT_SETTINGS: Readonly<Record<DynamoDbJit, JitSettings>> = {
  // Compiler directives are a diagnostic option of HotSpot.
  'quick-start': { javaOptions: ['-XX:+UnlockDiagnosticVMOptions'], directives: c2OnlyDirectives(QUICK_START_C2_METHODS) },
  peak: { javaOptions: [] },
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
