import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { aws_lambda as lambda } from 'aws-cdk-lib';
import { LAMBDA_RUNTIME, resolvePackage, runtimeNodeMajor } from '../stack/functions';

describe('bundling settings', () => {
  it('derives the Node line from the one runtime constant', () => {
    expect(LAMBDA_RUNTIME.name).toMatch(/^nodejs\d+\.x$/);
    expect(runtimeNodeMajor(lambda.Runtime.NODEJS_24_X)).toBe(24);
    expect(runtimeNodeMajor(lambda.Runtime.NODEJS_20_X)).toBe(20);
    expect(() => runtimeNodeMajor(lambda.Runtime.PYTHON_3_12)).toThrow('python3.12 is not a Node.js runtime of the form nodejs<major>.x');
  });

  it('names the one command that adds Lambda\'s sharp binaries when this host installed another platform\'s', () => {
    // A repo as npm leaves it on macOS: sharp and its darwin binaries, no linux-x64 ones.
    const root = mkdtempSync(path.join(tmpdir(), 'sharp-host-'));
    try {
      const sharp = path.join(root, 'node_modules', 'sharp');
      mkdirSync(sharp, { recursive: true });
      writeFileSync(
        path.join(sharp, 'package.json'),
        JSON.stringify({ name: 'sharp', version: '0.35.5', optionalDependencies: { '@img/sharp-darwin-arm64': '0.35.5', '@img/sharp-linux-x64': '0.35.5', '@img/sharp-libvips-linux-x64': '1.3.4' } }),
      );
      expect(resolvePackage('sharp', root)).toEqual({ dir: sharp });
      const missing = resolvePackage('@img/sharp-linux-x64', root);
      expect('error' in missing && missing.error).toContain('npm install --no-save --force @img/sharp-linux-x64@0.35.5 @img/sharp-libvips-linux-x64@1.3.4, then synth again');
      expect(resolvePackage('jsdom', root)).toEqual({ error: `jsdom is not installed (looked upwards from ${root}): run npm ci; the analytics Lambda needs it` });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
