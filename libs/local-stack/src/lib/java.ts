import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { JavaNotFoundError } from './errors';

/** The minimum Java major version DynamoDB Local 3.x runs on. */
export const MIN_JAVA_MAJOR = 17;

/** The java executable: JAVA_HOME's if set, else `java` on PATH. */
export function javaCommand(env: NodeJS.ProcessEnv = process.env): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/** Parses the major version from `java -version` output ("1.8.0_392" → 8, "17.0.15" → 17). */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] ? Number(match[2]) : first;
}

/** Returns the java command to use, or throws JavaNotFoundError with what to do. */
export function requireJava(command = javaCommand()): string {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) throw new JavaNotFoundError(undefined);
  const output = `${result.stderr}${result.stdout}`;
  const major = parseJavaMajor(output);
  const version = /version "([^"]+)"/.exec(output)?.[1] ?? 'of unknown version';
  if (major === undefined || major < MIN_JAVA_MAJOR) throw new JavaNotFoundError(version);
  // The loopback launcher runs from source, which needs the compiler module (JDKs have it).
  const modules = spawnSync(command, ['--list-modules'], { encoding: 'utf8' });
  if (!/^jdk\.compiler@/m.test(modules.stdout ?? '')) throw new JavaNotFoundError(version, true);
  return command;
}
