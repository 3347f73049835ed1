// The local app's errors are declared the one way (ARCHITECTURE.md, "Errors"): EcomlakeError
// with a code 'pipeline.<failure>'; names and messages are what they were (main.ts maps them
// to exit codes by class, the tests read the messages).
import { EcomlakeError, isEcomlakeError } from '@ecomlake/util';
import { AnalyticsMismatchError } from './analytics';
import { DotenvSyntaxError } from './dotenv-file';
import { UsageError } from './settings';
import { RunInterruptedError, StageFailedError } from './stages';

const interrupted = new RunInterruptedError('SIGINT');

test.each([
  { error: new UsageError('--rows: expected a whole number, got "x"'), name: 'UsageError', code: 'pipeline.usage' },
  { error: new DotenvSyntaxError('.env', 3, 'unterminated quote'), name: 'DotenvSyntaxError', code: 'pipeline.dotenvSyntax' },
  { error: new AnalyticsMismatchError(['order values: aggregates 10, scan 11']), name: 'AnalyticsMismatchError', code: 'pipeline.analyticsMismatch' },
  { error: interrupted, name: 'RunInterruptedError', code: 'pipeline.interrupted' },
  { error: new StageFailedError('load', [], interrupted), name: 'StageFailedError', code: 'pipeline.stageFailed' },
])('$name has code $code, and keeps it after a JSON hop', ({ error, name, code }) => {
  expect(error).toBeInstanceOf(EcomlakeError);
  expect({ name: error.name, code: error.code }).toEqual({ name, code });
  expect(isEcomlakeError(JSON.parse(JSON.stringify({ name: error.name, message: error.message, code: error.code })), code)).toBe(true);
});

test('messages are unchanged: the file and line of a .env mistake, the stage a signal stopped, its cause kept', () => {
  expect(new DotenvSyntaxError('.env', 3, 'unterminated quote').message).toBe('.env:3: unterminated quote.');
  const failed = new StageFailedError('load', [], interrupted);
  expect(failed.message).toBe('interrupted by SIGINT (Ctrl-C) during stage "load"');
  expect(failed.cause).toBe(interrupted);
  expect(interrupted.exitCode).toBe(130);
  expect(new StageFailedError('plan', [], new Error('boom')).message).toBe('stage "plan" failed: boom');
});
