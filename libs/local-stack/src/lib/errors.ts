/** Java is missing, too old, or a runtime without the compiler module for DynamoDB Local. */
export class JavaNotFoundError extends Error {
  override readonly name = 'JavaNotFoundError';
  constructor(
    readonly found: string | undefined,
    /** True when Java is recent enough but lacks `jdk.compiler` (a JRE-only build). Default false. */
    readonly missingCompiler = false,
  ) {
    super(
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

/** A server of the embedded stack failed to start or died. */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
}
