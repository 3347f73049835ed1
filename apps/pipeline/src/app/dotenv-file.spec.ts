import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DotenvSyntaxError, parseDotenvText, readDotenvFile } from './dotenv-file';

describe('parseDotenvText', () => {
  test('reads comments, blank lines, export, bare and quoted values', () => {
    const text = [
      '# a comment',
      '',
      'ECOMLAKE_TABLE=orders',
      'export AWS_REGION = eu-west-2   # trailing comment',
      'ECOMLAKE_OUT="my out"',
      "ECOMLAKE_BUCKET='lake#1'",
      'MULTI="a\\nb \\"q\\""',
      'EMPTY=',
      '\tINDENTED=yes\r',
    ].join('\n');
    expect(parseDotenvText(text, '.env')).toEqual({
      ECOMLAKE_TABLE: 'orders',
      AWS_REGION: 'eu-west-2',
      ECOMLAKE_OUT: 'my out',
      ECOMLAKE_BUCKET: 'lake#1',
      MULTI: 'a\nb "q"',
      EMPTY: '',
      INDENTED: 'yes',
    });
  });

  test.each([
    ['ECOMLAKE_TABLE="orders', 2, 'the value opens a " quote that does not close on this line'],
    ["ECOMLAKE_TABLE='orders", 2, "the value opens a ' quote that does not close on this line"],
    ['ECOMLAKE_TABLE=orders"', 2, 'the value ends with a " quote that was never opened'],
    ['ECOMLAKE_TABLE="orders" extra', 2, 'unexpected text after the closing ": extra'],
    ['this is not a setting', 2, 'expected KEY=value, a # comment or a blank line'],
    ['\u0000\u0001binary garbage', 2, 'expected KEY=value, a # comment or a blank line'],
    ['1TABLE=x', 2, '"1TABLE" is not a variable name (letters, digits and _, not starting with a digit)'],
    ['MY TABLE=x', 2, '"MY TABLE" is not a variable name (letters, digits and _, not starting with a digit)'],
  ])('%j is an error naming the file and line', (line, number, reason) => {
    const error = (() => {
      try {
        parseDotenvText(`# settings\n${line}\nAWS_REGION=eu-west-2\n`, '/work/.env');
      } catch (e) {
        return e as DotenvSyntaxError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(DotenvSyntaxError);
    expect(error?.message).toBe(`/work/.env:${number}: ${reason}.`);
  });

  test('a missing file is no settings', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dotenv-'));
    expect(readDotenvFile(path.join(dir, '.env'))).toEqual({});
    writeFileSync(path.join(dir, '.env'), 'A=1\n');
    expect(readDotenvFile(path.join(dir, '.env'))).toEqual({ A: '1' });
  });
});
