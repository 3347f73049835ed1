/** Java is missing or too old for DynamoDB Local. */
export class JavaNotFoundError extends Error {
  override readonly name = 'JavaNotFoundError';
  constructor(readonly found: string | undefined) {
    super(
      `${found ? `Java ${found} is too old` : 'Java was not found'}: the embedded DynamoDB (DynamoDB Local) needs Java 17 or newer. ` +
        'Install it (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17), ' +
        'set JAVA_HOME, or point the pipeline at real AWS instead (AWS_REGION and credentials, see README).',
    );
  }
}

/** A server of the embedded stack failed to start or died. */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
}
