// What one run of the local app knows as its stages go: the stages read and fill it, the
// summary and the closing outputs read it. Types only, so every module may import it.
import type { CatalogListed, Lease, TableRun } from '@ecomlake/dynamodb-repository';
import type { FinishRunResult, RunFold, RunReduction } from '@ecomlake/partition-unit';
import type { ObjectInfo } from '@ecomlake/s3-extract';
import type { AnalyticsResult } from './analytics';
import type { Clients } from './clients';
import type { RawInput } from './input';
import type { Progress, ProgressOptions } from './progress';
import type { Settings } from './settings';

export interface RunContext {
  /** This run's id, carried by every output it writes; see run-summary.ts. */
  runId: string;
  startedAt: string;
  settings: Settings;
  clients: Clients;
  /** DynamoDB is DynamoDB Local (the embedded stack, or an endpoint on loopback): its presets apply. */
  dynamoDbLocal: boolean;
  dataDir: string;
  wholeObjectBytes: number;
  input?: RawInput;
  rawUri?: string;
  /** The run's manifest: exactly the raw objects it takes (key, ETag, size); later stages read only these. */
  objects: ObjectInfo[];
  /** The partitions' results, folded as they arrived (each dropped once folded), until the reduce. */
  fold?: RunFold;
  /** Wall time of the partitions stage, ms. */
  partitionsMs?: number;
  /** The run's reduction (quality report, lake and load totals), from the partitions' results. */
  reduction?: RunReduction;
  /** What the reduce removed because the input no longer has it. */
  finished?: FinishRunResult;
  /** Where and how the lake was written (absent with --no-save-cleaned). */
  lake?: { uri: string; format: 'csv' | 'parquet' };
  signal?: AbortSignal;
  /** Countries and months this run's loads have listed in the table's catalog. */
  listed?: CatalogListed;
  /** The table's lease: this run is its one writer until it is released (see runPipeline). */
  lease?: { lease: Lease; unfence: () => void };
  /** The run of writes to the table, begun once the partitions proved disjoint. */
  tableRun?: TableRun;
  /** With --partition-by day: where the day objects are (the partitions' prefix). */
  regroupedUri?: string;
  analytics?: AnalyticsResult;
  log: (line: string) => void;
  progress: (label: string, options?: ProgressOptions) => Progress;
}
