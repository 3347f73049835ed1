import {
  CfnOutput,
  Duration,
  RemovalPolicy,
  Stack,
  aws_logs as logs,
  aws_s3 as s3,
  aws_stepfunctions as sfn,
  type StackProps,
} from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { lakePrefix } from '@ecomlake/partition-unit';
import type { Construct } from 'constructs';
import { pipelineAlarms } from './alarms';
import { pipelineFunction } from './functions';
import { grantLambdas, stateMachineRole, tableOperations } from './grants';
import { lakeTable } from './lake-table';
import { mapConcurrency, measuredLayout, ON_DEMAND_INITIAL_WRITE_UNITS, type MapConcurrencyOptions } from './map-concurrency';
import { orderTable, type OnDemandCap } from './order-table';
import { EXPRESS_DURATION_LIMIT_SECONDS, maxExpressWorkerTimeoutSeconds, worstCaseTaskSeconds } from './retry-policy';
import { MAP_RUN_LABELS, partitionsStateMachine, type BatchingProps } from './state-machine';

/** Where Athena writes query results in the lake bucket (expired after `athenaResultsExpireDays`). */
export const ATHENA_RESULTS_PREFIX = 'athena-results/';

export interface PipelineStackProps extends StackProps {
  /** The lake bucket's name. Default: CloudFormation names it. */
  readonly bucketName?: string;
  /** The order table's name. Default: CloudFormation names it. */
  readonly tableName?: string;
  /** Caps on the on-demand table's (and each index's) request units per second. Default: no cap. */
  readonly onDemandCap?: OnDemandCap;
  /**
   * Give the table CountryIndex (Queries by country). Default false: no default question
   * reads it, it costs 1 WCU of every item, and its hottest key (the UK) holds the Map to one
   * worker (see `mapConcurrency`). A stack deployed before this was opt-in has it: deploying
   * without this drops it (CloudFormation updates the table to the template).
   */
  readonly countryIndex?: boolean;
  /** Default `raw/`: the raw objects, one partition each; executions list it unless their input names a `prefix` under it. */
  readonly rawPrefix?: string;
  /** Default `runs/`: each execution's map results, reports and charts under `runs/<execution name>/`. */
  readonly runsPrefix?: string;
  /** Days a run's outputs under `runs/` are kept (S3 lifecycle). Default 30. */
  readonly runsExpireDays?: number;
  /** Days an overwritten or deleted object's old version is kept (the bucket is versioned: `raw/` is the source of truth). Default 30. */
  readonly noncurrentVersionDays?: number;
  /** Days Athena query results are kept under `athena-results/`. Default 7. */
  readonly athenaResultsExpireDays?: number;
  /** The first day the lake table's partition projection offers (`YYYY-MM-DD`). Default `2010-12-01` (the dataset's first). */
  readonly lakeFirstDay?: string;
  /** Most bytes one Athena query of the workgroup may scan before Athena cancels it (at least 10 MB). Default 10 GiB. */
  readonly athenaBytesScannedCutoff?: number;
  /** Who the alarms email (SNS subscription, confirmed once by the recipient). Default: none; subscribe to the `AlarmTopicArn` output yourself. */
  readonly alarmEmail?: string;
  /** How MaxConcurrency is derived from the table's write capacity (see `mapConcurrency`). Default: its defaults. */
  readonly concurrency?: Omit<MapConcurrencyOptions, 'writeCapacityUnits' | 'onDemandWriteUnits'>;
  /** Overrides the derived MaxConcurrency. Default: derived. */
  readonly maxConcurrency?: number;
  /** Default: none, one object per worker invocation. Batch when objects are small (many shops, tiny files). */
  readonly batching?: BatchingProps;
  /** Default EXPRESS (see `PartitionsStateMachineProps.childExecutionType`). */
  readonly childExecutionType?: sfn.StateMachineType;
  /** Worker memory in MiB. Default 1,769 (one full vCPU: cleaning is CPU-bound). */
  readonly workerMemoryMiB?: number;
  /**
   * Worker timeout in seconds. Default 80: with its retries (3 runs and the waits, 276 s at
   * worst) an Express child ends within its 5 minutes. Longer only with STANDARD children.
   */
  readonly workerTimeoutSeconds?: number;
  /** Default RETAIN for the bucket and the table: deleting the stack keeps the data. */
  readonly removalPolicy?: RemovalPolicy;
}

/** What tests and other stacks reach: the pieces of the pipeline. */
export interface PipelineStackParts {
  readonly bucket: s3.Bucket;
  readonly stateMachine: sfn.StateMachine;
  readonly maxConcurrency: number;
}

const DEFAULT_WORKER_TIMEOUT_SECONDS = 80;

/**
 * The lake bucket, the order table, the worker / reduce / analytics Lambdas, the Step
 * Functions state machine that fans the partition unit out with a Distributed Map, the alarms
 * and their topic, and the lake as a Glue table with an Athena workgroup.
 */
export class PipelineStack extends Stack implements PipelineStackParts {
  readonly bucket: s3.Bucket;
  readonly stateMachine: sfn.StateMachine;
  readonly maxConcurrency: number;

  constructor(scope: Construct, id: string, props: PipelineStackProps = {}) {
    super(scope, id, props);
    // The Distributed Map renders `resultWriterV2` only with this flag (new apps get it from `cdk init`).
    this.node.setContext(cxapi.STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const { rawPrefix, runsPrefix, removalPolicy, childType, workerTimeout } = checkedProps(props);
    this.bucket = lakeBucket(this, props, { runsPrefix, removalPolicy });
    const bucket = this.bucket;
    const table = orderTable(this, 'Orders', {
      ...(props.tableName && { tableName: props.tableName }),
      ...(props.onDemandCap && { onDemandCap: props.onDemandCap }),
      countryIndex: props.countryIndex ?? false,
      removalPolicy,
    });

    // The lake is the table's (each table owns its prefix: a run prunes only its own): the handlers derive it from TABLE_NAME.
    const lake = lakePrefix(table.ref);
    const environment = { BUCKET: bucket.bucketName, TABLE_NAME: table.ref, RAW_PREFIX: rawPrefix, RUNS_PREFIX: runsPrefix };
    const worker = pipelineFunction(this, 'Worker', { entry: 'worker.ts', memorySize: props.workerMemoryMiB ?? 1_769, timeout: Duration.seconds(workerTimeout), environment });
    const reduce = pipelineFunction(this, 'Reduce', { entry: 'reduce.ts', memorySize: 2_048, timeout: Duration.minutes(15), environment });
    const analytics = pipelineFunction(this, 'Analytics', { entry: 'analytics.ts', memorySize: 2_048, timeout: Duration.minutes(15), environment, withSharp: true });
    const prefixes = { raw: rawPrefix, lake, runs: runsPrefix };
    grantLambdas({ bucket, table, prefixes, worker, reduce, analytics });

    // On-demand serves 4,000 write units/s per resource at once; a cap below that bounds it.
    const writeUnits = Math.min(ON_DEMAND_INITIAL_WRITE_UNITS, props.onDemandCap?.maxWriteRequestUnits ?? ON_DEMAND_INITIAL_WRITE_UNITS);
    const derived = mapConcurrency({ ...measuredLayout(props.countryIndex ?? false), ...props.concurrency, onDemandWriteUnits: writeUnits });
    this.maxConcurrency = props.maxConcurrency ?? derived.maxConcurrency;

    const stateMachineName = `${this.stackName}-partitions`;
    const role = stateMachineRole(this, { bucket, prefixes, functions: [worker, reduce, analytics], stateMachineName, mapRunLabels: MAP_RUN_LABELS });
    // ERROR level, no execution data: failures with their error and cause, for the parent and the Map's children.
    const logGroup = new logs.LogGroup(this, 'StateMachineLogs', {
      logGroupName: `/aws/vendedlogs/states/${stateMachineName}`,
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = partitionsStateMachine(this, 'Pipeline', {
      bucket,
      worker,
      reduce,
      analytics,
      rawPrefix,
      runsPrefix,
      maxConcurrency: this.maxConcurrency,
      ...(props.batching && { batching: props.batching }),
      childExecutionType: childType,
      role: role.withoutPolicyUpdates(),
      stateMachineName,
      logGroup,
    });

    const { topic } = pipelineAlarms(this, {
      stateMachine: this.stateMachine,
      functions: { Worker: worker, Reduce: reduce, Analytics: analytics },
      table,
      tableOperations: tableOperations(),
      ...(props.alarmEmail !== undefined && { email: props.alarmEmail }),
    });

    const lakeGlue = lakeTable(this, {
      bucket,
      lakePrefix: lake,
      resultsPrefix: ATHENA_RESULTS_PREFIX,
      firstDay: props.lakeFirstDay ?? '2010-12-01',
      bytesScannedCutoffPerQuery: props.athenaBytesScannedCutoff ?? 10 * 1024 ** 3,
    });

    new CfnOutput(this, 'BucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'TableName', { value: table.ref });
    new CfnOutput(this, 'StateMachineArn', { value: this.stateMachine.stateMachineArn });
    new CfnOutput(this, 'MaxConcurrency', { value: String(this.maxConcurrency), description: derived.explanation });
    new CfnOutput(this, 'AlarmTopicArn', { value: topic.topicArn });
    new CfnOutput(this, 'AthenaWorkGroup', { value: lakeGlue.workGroup.ref });
    new CfnOutput(this, 'LakeTable', { value: `${lakeGlue.databaseName}.${lakeGlue.tableName}`, description: 'Glue database.table of the clean orders (query it in the AthenaWorkGroup)' });
  }
}

/** The props a construct cannot check for itself, checked before anything is made: a mistake is named, never deep in a construct. */
function checkedProps(props: PipelineStackProps): { rawPrefix: string; runsPrefix: string; removalPolicy: RemovalPolicy; childType: sfn.StateMachineType; workerTimeout: number } {
  const { rawPrefix = 'raw/', runsPrefix = 'runs/', removalPolicy = RemovalPolicy.RETAIN } = props;
  for (const [name, prefix] of [['rawPrefix', rawPrefix], ['runsPrefix', runsPrefix]] as const) {
    if (!/^[^/*]+\/$/.test(prefix)) throw new RangeError(`PipelineStack: ${name} must be one folder ending in "/" (e.g. "raw/"), got "${prefix}"`);
  }
  const childType = props.childExecutionType ?? sfn.StateMachineType.EXPRESS;
  const workerTimeout = props.workerTimeoutSeconds ?? DEFAULT_WORKER_TIMEOUT_SECONDS;
  if (childType === sfn.StateMachineType.EXPRESS && worstCaseTaskSeconds(workerTimeout) > EXPRESS_DURATION_LIMIT_SECONDS) {
    throw new RangeError(
      `PipelineStack: workerTimeoutSeconds ${workerTimeout} with its retries takes ${worstCaseTaskSeconds(workerTimeout)} s at worst, past an Express child's ${EXPRESS_DURATION_LIMIT_SECONDS} s: ` +
        `use at most ${maxExpressWorkerTimeoutSeconds()} s, or childExecutionType STANDARD`,
    );
  }
  return { rawPrefix, runsPrefix, removalPolicy, childType, workerTimeout };
}

function days(name: string, value: number | undefined, fallback: number): Duration {
  const n = value ?? fallback;
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`PipelineStack: ${name} must be a whole number of days, at least 1, got ${n}`);
  return Duration.days(n);
}

/** The lake bucket: private, encrypted, versioned (raw/ is the source of truth), its run outputs and old versions expiring. */
function lakeBucket(scope: Construct, props: PipelineStackProps, options: { runsPrefix: string; removalPolicy: RemovalPolicy }): s3.Bucket {
  return new s3.Bucket(scope, 'Lake', {
    ...(props.bucketName && { bucketName: props.bucketName }),
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    // SSE-S3: encrypted at rest with no KMS key policy to grant and no per-request KMS charge.
    encryption: s3.BucketEncryption.S3_MANAGED,
    // raw/ is the source of truth: an overwrite or a delete keeps the old version for a while.
    versioned: true,
    removalPolicy: options.removalPolicy,
    lifecycleRules: [
      { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(7) },
      { id: 'expire-noncurrent-versions', noncurrentVersionExpiration: days('noncurrentVersionDays', props.noncurrentVersionDays, 30) },
      // Delete markers left alone once their versions expired.
      { id: 'remove-expired-delete-markers', expiredObjectDeleteMarker: true },
      { id: 'expire-runs', prefix: options.runsPrefix, expiration: days('runsExpireDays', props.runsExpireDays, 30) },
      { id: 'expire-athena-results', prefix: ATHENA_RESULTS_PREFIX, expiration: days('athenaResultsExpireDays', props.athenaResultsExpireDays, 7) },
    ],
  });
}
