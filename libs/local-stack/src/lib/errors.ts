import { EcomlakeError, type LockHolder } from '@ecomlake/util';

/** Java is missing, too old, or a runtime without the compiler module for DynamoDB Local. */
export class JavaNotFoundError extends EcomlakeError<'local-stack.javaNotFound'> {
  override readonly name = 'JavaNotFoundError';
  constructor(
    readonly found: string | undefined,
    /** True when Java is recent enough but lacks `jdk.compiler` (a JRE-only build). Default false. */
    readonly missingCompiler = false,
  ) {
    super(
      'local-stack.javaNotFound',
      `${
        missingCompiler
          ? `Java ${found} has no compiler module (jdk.compiler), which runs the small launcher that keeps DynamoDB Local on 127.0.0.1`
          : found
            ? `Java ${found} is too old`
            : 'Java was not found'
      }: the embedded DynamoDB (DynamoDB Local) needs a Java 17 or newer JDK. ` +
        'Install it (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless; macOS: brew install openjdk@17), ' +
        'set JAVA_HOME, or point the pipeline at real AWS instead (AWS_REGION and credentials, see README).',
    );
  }
}

/** An embedded server that a failure took down. */
export interface EmbeddedServer {
  /** `s3` (s3rver, in the supervisor process) or `dynamodb` (DynamoDB Local, a JVM). */
  readonly server: 's3' | 'dynamodb';
  /** Its process. */
  readonly pid: number;
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
}

/** The codes of the embedded stack's own failures (`JavaNotFoundError` has `local-stack.javaNotFound`). */
export type LocalStackErrorCode = 'local-stack.serverFailed' | 'local-stack.dirInUse';

/** A server of the embedded stack failed to start or died (`local-stack.serverFailed`). */
export class LocalStackError<Code extends LocalStackErrorCode = LocalStackErrorCode> extends EcomlakeError<Code> {
  override readonly name: string = 'LocalStackError';
  constructor(
    message: string,
    /**
     * The embedded servers this failure took down (empty when it happened before they ran). A
     * caller that sees requests fail can tell its user which embedded server died, instead of
     * blaming an endpoint setting the user never made. Default [].
     */
    readonly gone: readonly EmbeddedServer[] = [],
    /** Set by subclasses; default `local-stack.serverFailed`. */
    code: Code = 'local-stack.serverFailed' as Code,
  ) {
    super(code, message);
  }
}

/** The stack's data folder is served by another process (two stacks on one `dir`). */
export class StackDirInUseError extends LocalStackError<'local-stack.dirInUse'> {
  override readonly name = 'StackDirInUseError';
  constructor(
    readonly dir: string,
    /** The process serving it, from the folder's lock file. */
    readonly holder: LockHolder,
    /** The lock file. */
    readonly lockPath: string,
  ) {
    super(
      `The embedded stack's data folder ${dir} is in use by process ${holder.pid} on ${holder.host} since ${holder.startedAt} ` +
        `(${holder.purpose}). Stop that process or wait for it to finish (lockWaitMs waits), or give this stack another folder (dir). ` +
        `If that process is gone (another machine's), remove ${lockPath}.`,
      [],
      'local-stack.dirInUse',
    );
  }
}
