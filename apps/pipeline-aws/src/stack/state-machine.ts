import { Duration, aws_iam as iam, aws_lambda as lambda, aws_logs as logs, aws_s3 as s3, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TASK_RETRIERS, type Retrier } from './retry-policy';

/** The Distributed Map's state name and label: child executions and Map Runs are named after it (IAM patterns use it). */
export const MAP_RUN_LABEL = 'Partitions';

export interface BatchingProps {
  /** Objects per worker invocation at most. Default: unset (no limit by count). */
  readonly maxItemsPerBatch?: number;
  /** Bytes of listed items (the JSON of `{Key, Etag, ...}`, not the objects) per batch at most. Default: unset. */
  readonly maxInputBytesPerBatch?: number;
}

export interface PartitionsStateMachineProps {
  readonly bucket: s3.IBucket;
  readonly worker: lambda.IFunction;
  readonly reduce: lambda.IFunction;
  readonly analytics: lambda.IFunction;
  /** The raw prefix listed when the execution input has no `prefix`. */
  readonly rawPrefix: string;
  /** Where each execution's outputs go: `<runsPrefix><execution name>/`. */
  readonly runsPrefix: string;
  readonly maxConcurrency: number;
  /** Default: no ItemBatcher, one object per worker invocation. */
  readonly batching?: BatchingProps;
  /**
   * Child workflows' type. Default EXPRESS: priced by duration, not per state transition, and a
   * partition takes seconds; each child (retries included) must end within 5 minutes. Choose
   * STANDARD for objects that take longer.
   */
  readonly childExecutionType?: sfn.StateMachineType;
  /** The role the state machine runs as: the caller grants it exactly what the definition needs. */
  readonly role: iam.IRole;
  /** Default: CloudFormation names it. */
  readonly stateMachineName?: string;
  /**
   * Where the parent and the Map's child executions log (ERROR level, no execution data:
   * inputs and outputs hold invoice numbers). Express children keep no history without it.
   * Default: no logging.
   */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * A run tolerates no failed partition, and that is not an option: the reduce refuses a map
 * with any FAILED child (the table must equal a load of all the input, and pruning with a
 * partition missing would delete its items). The construct leaves ToleratedFailurePercentage
 * out when it is 0 (the ASL default); this writes it, so the definition says so.
 */
class NoFailureToleratedMap extends sfn.DistributedMap {
  override toStateJson(queryLanguage?: sfn.QueryLanguage): object {
    return { ...super.toStateJson(queryLanguage), ToleratedFailurePercentage: 0 };
  }
}

/** The retriers of `TASK_RETRIERS` on a task, in their order (permanent names first, with no retry). */
function retryTask(task: sfn.TaskStateBase, retriers: readonly Retrier[] = TASK_RETRIERS): void {
  for (const r of retriers) {
    task.addRetry({
      errors: [...r.errors],
      maxAttempts: r.maxAttempts,
      ...(r.maxAttempts > 0 && {
        interval: Duration.seconds(r.intervalSeconds),
        backoffRate: r.backoffRate,
        maxDelay: Duration.seconds(r.maxDelaySeconds),
        jitterStrategy: sfn.JitterType.FULL,
      }),
    });
  }
}

/**
 * Settings → Distributed Map over the raw prefix (one worker per object or batch, results to
 * S3 by the ResultWriter) → reduce (merge, reconcile, prune, quality report) → analytics.
 * The run's work (map, reduce, analytics) is one chain between the settings and the end, so a
 * step before it (take a run lease) and after it (release, also from a Catch on each task) go
 * in one place.
 */
export function partitionsStateMachine(scope: Construct, id: string, props: PartitionsStateMachineProps): sfn.StateMachine {
  const { bucket, rawPrefix, runsPrefix } = props;
  // Its own scope: state names (the construct ids) may then repeat the Lambdas' ids.
  scope = new Construct(scope, id);
  // Execution input `{ "prefix": "raw/shop-a/" }` narrows the listing; `{}` lists the whole raw prefix.
  const defaults = new sfn.Pass(scope, 'Defaults', { result: sfn.Result.fromObject({ prefix: rawPrefix }), resultPath: '$.defaults' });
  const settings = new sfn.Pass(scope, 'Settings', {
    parameters: { run: sfn.JsonPath.jsonMerge(sfn.JsonPath.objectAt('$.defaults'), sfn.JsonPath.objectAt('$$.Execution.Input')) },
  });

  const work = new tasks.LambdaInvoke(scope, 'Clean and load partition', { lambdaFunction: props.worker, payloadResponseOnly: true, retryOnServiceExceptions: false });
  retryTask(work);
  const partitions = new NoFailureToleratedMap(scope, MAP_RUN_LABEL, {
    label: MAP_RUN_LABEL,
    mapExecutionType: props.childExecutionType ?? sfn.StateMachineType.EXPRESS,
    itemReader: new sfn.S3ObjectsItemReader({ bucket, prefix: sfn.JsonPath.stringAt('$.run.prefix') }),
    ...(props.batching && { itemBatcher: new sfn.ItemBatcher({ ...props.batching }) }),
    maxConcurrency: props.maxConcurrency,
    resultWriterV2: new sfn.ResultWriterV2({ bucket, prefix: sfn.JsonPath.format(`${runsPrefix}{}/map`, sfn.JsonPath.executionName) }),
    resultPath: '$.map',
  });
  partitions.itemProcessor(work);

  const reduce = new tasks.LambdaInvoke(scope, 'Reduce', {
    lambdaFunction: props.reduce,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    payload: sfn.TaskInput.fromObject({
      execution: sfn.JsonPath.executionName,
      prefix: sfn.JsonPath.stringAt('$.run.prefix'),
      resultWriter: sfn.JsonPath.objectAt('$.map'),
    }),
    resultPath: '$.reduce',
  });
  retryTask(reduce);
  const analytics = new tasks.LambdaInvoke(scope, 'Analytics', {
    lambdaFunction: props.analytics,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    payload: sfn.TaskInput.fromObject({ execution: sfn.JsonPath.executionName }),
    resultPath: '$.analytics',
  });
  retryTask(analytics);

  const run = sfn.Chain.start(partitions).next(reduce).next(analytics);
  return new sfn.StateMachine(scope, 'StateMachine', {
    definitionBody: sfn.DefinitionBody.fromChainable(defaults.next(settings).next(run)),
    stateMachineType: sfn.StateMachineType.STANDARD,
    role: props.role,
    ...(props.stateMachineName && { stateMachineName: props.stateMachineName }),
    ...(props.logGroup && { logs: { destination: props.logGroup, level: sfn.LogLevel.ERROR, includeExecutionData: false } }),
  });
}
