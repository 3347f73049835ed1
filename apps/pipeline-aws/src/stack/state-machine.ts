import { Duration, aws_iam as iam, aws_lambda as lambda, aws_s3 as s3, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** Errors of the Lambda service itself (not of our code): retried with backoff. */
export const LAMBDA_TRANSIENT_ERRORS: readonly string[] = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
];

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
  /** Default 0: one failed partition fails the run, since a run's table must equal a load of all its input. */
  readonly toleratedFailurePercentage?: number;
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
}

/**
 * The construct leaves ToleratedFailurePercentage out when it is 0 (the ASL default); this
 * writes it always, so the definition says what the run tolerates.
 */
class ExplicitToleranceMap extends sfn.DistributedMap {
  private readonly tolerated: number;
  constructor(scope: Construct, id: string, props: sfn.DistributedMapProps) {
    super(scope, id, props);
    this.tolerated = props.toleratedFailurePercentage ?? 0;
  }
  override toStateJson(queryLanguage?: sfn.QueryLanguage): object {
    return { ...super.toStateJson(queryLanguage), ToleratedFailurePercentage: this.tolerated };
  }
}

/** Retry settings for a Lambda task: transient Lambda errors only, with exponential backoff and jitter. */
function retryLambda(task: sfn.TaskStateBase): void {
  task.addRetry({
    errors: [...LAMBDA_TRANSIENT_ERRORS],
    interval: Duration.seconds(2),
    maxAttempts: 6,
    backoffRate: 2,
    maxDelay: Duration.seconds(60),
    jitterStrategy: sfn.JitterType.FULL,
  });
}

/**
 * Settings → Distributed Map over the raw prefix (one worker per object or batch, results to
 * S3 by the ResultWriter) → reduce (merge, reconcile, prune, quality report) → analytics.
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
  retryLambda(work);
  const partitions = new ExplicitToleranceMap(scope, 'Partitions', {
    label: 'Partitions',
    mapExecutionType: props.childExecutionType ?? sfn.StateMachineType.EXPRESS,
    itemReader: new sfn.S3ObjectsItemReader({ bucket, prefix: sfn.JsonPath.stringAt('$.run.prefix') }),
    ...(props.batching && { itemBatcher: new sfn.ItemBatcher({ ...props.batching }) }),
    maxConcurrency: props.maxConcurrency,
    toleratedFailurePercentage: props.toleratedFailurePercentage ?? 0,
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
  retryLambda(reduce);
  const analytics = new tasks.LambdaInvoke(scope, 'Analytics', {
    lambdaFunction: props.analytics,
    payloadResponseOnly: true,
    retryOnServiceExceptions: false,
    payload: sfn.TaskInput.fromObject({ execution: sfn.JsonPath.executionName }),
    resultPath: '$.analytics',
  });
  retryLambda(analytics);

  return new sfn.StateMachine(scope, 'StateMachine', {
    definitionBody: sfn.DefinitionBody.fromChainable(defaults.next(settings).next(partitions).next(reduce).next(analytics)),
    stateMachineType: sfn.StateMachineType.STANDARD,
    role: props.role,
    ...(props.stateMachineName && { stateMachineName: props.stateMachineName }),
  });
}
