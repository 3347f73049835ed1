import { Duration, aws_iam as iam, aws_lambda as lambda, aws_logs as logs, aws_s3 as s3, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { TASK_RETRIERS, type Retrier } from './retry-policy';

/** The load Map's state name and label: child executions and Map Runs are named after it (IAM patterns use it). */
export const MAP_RUN_LABEL = 'Partitions';
/** The plan Map's (the first pass) state name and label. */
export const PLAN_MAP_LABEL = 'Plan';
/** Both Maps' labels, for the state machine's role. */
export const MAP_RUN_LABELS: readonly string[] = [PLAN_MAP_LABEL, MAP_RUN_LABEL];

export interface BatchingProps {
  /** Objects per worker invocation at most. Default: unset (no limit by count). */
  readonly maxItemsPerBatch?: number;
  /** Bytes of listed items (the JSON of `{Key, Etag, ...}`, not the objects) per batch at most. Default: unset. */
  readonly maxInputBytesPerBatch?: number;
}

export interface PartitionsStateMachineProps {
  readonly bucket: s3.IBucket;
  readonly worker: lambda.IFunction;
  /** The run-level steps: begin (take the lease), check, reduce, release. */
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
 * Settings → Begin run (the table's lease) → Plan (a Distributed Map: every object read and
 * cleaned, its invoices returned, nothing written) → Check partitions (no invoice in two
 * partitions; the table run begins) → Partitions (a Distributed Map: one worker per object or
 * batch writes the lake and loads the table, under the lease) → Reduce (merge, reconcile,
 * prune, commit) → Analytics → Release lease. Every task from Begin on catches any failure
 * into Release after failure, then Run failed (the original error and cause).
 */
export function partitionsStateMachine(scope: Construct, id: string, props: PartitionsStateMachineProps): sfn.StateMachine {
  const { rawPrefix } = props;
  // Its own scope: state names (the construct ids) may then repeat the Lambdas' ids.
  scope = new Construct(scope, id);
  // Execution input `{ "prefix": "raw/shop-a/", "waitSeconds": 300 }`; `{}` lists the whole raw prefix and fails at once if the table is busy.
  const defaults = new sfn.Pass(scope, 'Defaults', { result: sfn.Result.fromObject({ prefix: rawPrefix, waitSeconds: 0 }), resultPath: '$.defaults' });
  const settings = new sfn.Pass(scope, 'Settings', {
    parameters: { run: sfn.JsonPath.jsonMerge(sfn.JsonPath.objectAt('$.defaults'), sfn.JsonPath.objectAt('$$.Execution.Input')) },
  });
  const step = (name: string, payload: Record<string, unknown>, resultPath: string): tasks.LambdaInvoke => {
    const task = new tasks.LambdaInvoke(scope, name, {
      lambdaFunction: props.reduce,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      payload: sfn.TaskInput.fromObject(payload),
      resultPath,
    });
    retryTask(task);
    return task;
  };
  const owner = { execution: sfn.JsonPath.executionName, executionArn: sfn.JsonPath.executionId };
  const token = sfn.JsonPath.numberAt('$.lease.token');

  const begin = step('Begin run', { step: 'begin', ...owner, waitSeconds: sfn.JsonPath.numberAt('$.run.waitSeconds') }, '$.lease');
  const plan = workerMap(scope, PLAN_MAP_LABEL, 'Plan partition', props, 'plan', { lease: '$.lease.token' }, 'plan', '$.plan');
  const check = step('Check partitions', { step: 'check', execution: sfn.JsonPath.executionName, lease: token, resultWriter: sfn.JsonPath.objectAt('$.plan') }, '$.check');
  const partitions = workerMap(scope, MAP_RUN_LABEL, 'Clean and load partition', props, 'load', { lease: '$.lease.token', run: '$.check.tableRun' }, 'map', '$.map');
  const reduce = step(
    'Reduce',
    {
      step: 'reduce',
      execution: sfn.JsonPath.executionName,
      prefix: sfn.JsonPath.stringAt('$.run.prefix'),
      lease: token,
      run: sfn.JsonPath.objectAt('$.check.tableRun'),
      resultWriter: sfn.JsonPath.objectAt('$.map'),
    },
    '$.reduce',
  );
  const analytics = new tasks.LambdaInvoke(scope, 'Analytics', {
    lambdaFunction: props.analytics,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    payload: sfn.TaskInput.fromObject({ execution: sfn.JsonPath.executionName }),
    resultPath: '$.analytics',
  });
  retryTask(analytics);
  const release = step('Release lease', { step: 'release', ...owner }, '$.released');

  // After any failure: free the lease (a run that cannot free it leaves it to expire), then fail with the original error.
  const failed = new sfn.Fail(scope, 'Run failed', { errorPath: '$.error.Error', causePath: '$.error.Cause' });
  const releaseAfterFailure = step('Release after failure', { step: 'release', ...owner }, '$.released');
  releaseAfterFailure.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.releaseError' });
  releaseAfterFailure.next(failed);
  for (const state of [begin, plan, check, partitions, reduce, analytics]) state.addCatch(releaseAfterFailure, { errors: ['States.ALL'], resultPath: '$.error' });

  const run = sfn.Chain.start(begin).next(plan).next(check).next(partitions).next(reduce).next(analytics).next(release);
  return new sfn.StateMachine(scope, 'StateMachine', {
    definitionBody: sfn.DefinitionBody.fromChainable(defaults.next(settings).next(run)),
    stateMachineType: sfn.StateMachineType.STANDARD,
    role: props.role,
    ...(props.stateMachineName && { stateMachineName: props.stateMachineName }),
    ...(props.logGroup && { logs: { destination: props.logGroup, level: sfn.LogLevel.ERROR, includeExecutionData: false } }),
  });
}

/**
 * A Distributed Map over the raw prefix running the worker in `mode`: each child gets the mode
 * and the values at `paths` (of the Map's input) with its object (ItemSelector), or with a
 * batch (BatchInput, once per batch); results go to `runs/<execution>/<folder>` (ResultWriter),
 * the Map's output to `resultPath`.
 */
function workerMap(
  scope: Construct,
  label: string,
  taskName: string,
  props: PartitionsStateMachineProps,
  mode: 'plan' | 'load',
  paths: Readonly<Record<string, string>>,
  folder: string,
  resultPath: string,
): sfn.DistributedMap {
  // The construct renders ItemSelector's JsonPath values as `key.$`, but passes BatchInput through as written.
  const selected = Object.fromEntries(Object.entries(paths).map(([key, path]) => [key, sfn.JsonPath.objectAt(path)]));
  const batchInput = { mode, ...Object.fromEntries(Object.entries(paths).map(([key, path]) => [`${key}.$`, path])) };
  const work = new tasks.LambdaInvoke(scope, taskName, { lambdaFunction: props.worker, payloadResponseOnly: true, retryOnServiceExceptions: false });
  retryTask(work);
  const map = new NoFailureToleratedMap(scope, label, {
    label,
    mapExecutionType: props.childExecutionType ?? sfn.StateMachineType.EXPRESS,
    itemReader: new sfn.S3ObjectsItemReader({ bucket: props.bucket, prefix: sfn.JsonPath.stringAt('$.run.prefix') }),
    ...(props.batching
      ? { itemBatcher: new sfn.ItemBatcher({ ...props.batching, batchInput }) }
      : { itemSelector: { mode, ...selected, object: sfn.JsonPath.objectAt('$$.Map.Item.Value') } }),
    maxConcurrency: props.maxConcurrency,
    resultWriterV2: new sfn.ResultWriterV2({ bucket: props.bucket, prefix: sfn.JsonPath.format(`${props.runsPrefix}{}/${folder}`, sfn.JsonPath.executionName) }),
    resultPath,
  });
  map.itemProcessor(work);
  return map;
}
