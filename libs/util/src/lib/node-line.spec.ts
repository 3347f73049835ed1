import { execFileSync } from 'node:child_process';
import { nodeRuntime, SUPPORTED_NODE_LINES, unsupportedNodeNote } from './node-line';

describe('nodeRuntime', () => {
  it('reads the line from a version as Node prints it', () => {
    expect(nodeRuntime('v24.22.3')).toEqual({ version: 'v24.22.3', line: 24, supported: true });
    expect(nodeRuntime('v20.20.2')).toEqual({ version: 'v20.20.2', line: 20, supported: false });
    expect(nodeRuntime('v25.1.0').supported).toBe(false);
  });

  it('supports exactly the LTS lines 22, 24 and 26', () => {
    expect(SUPPORTED_NODE_LINES).toEqual([22, 24, 26]);
    expect([18, 20, 21, 22, 23, 24, 25, 26, 27, 28].filter((line) => nodeRuntime(`v${line}.0.0`).supported)).toEqual([22, 24, 26]);
  });

  it('describes the process it runs in by default', () => {
    const runtime = nodeRuntime();
    expect(runtime.version).toBe(process.version);
    expect(runtime.line).toBe(Number(process.versions.node.split('.')[0]));
  });
});

describe('unsupportedNodeNote', () => {
  it('says nothing on a supported line', () => {
    expect(unsupportedNodeNote(nodeRuntime('v22.23.5'))).toBeUndefined();
    expect(unsupportedNodeNote(nodeRuntime('v26.12.1'))).toBeUndefined();
  });

  it('names the running version, the supported lines and the pinned Node on an old line', () => {
    const note = unsupportedNodeNote(nodeRuntime('v20.20.2'));
    expect(note).toContain('v20.20.2');
    expect(note).toContain('does not support');
    expect(note).toContain('supported lines: 22, 24, 26');
    expect(note).toContain('node_modules/.bin/node');
  });

  it('calls a newer line untested rather than unsupported', () => {
    expect(unsupportedNodeNote(nodeRuntime('v28.0.0'))).toContain('not yet tested on');
  });

  it('is one line of text, so a log keeps it whole', () => {
    expect(unsupportedNodeNote(nodeRuntime('v20.0.0'))).not.toMatch(/\n/);
  });

  it('matches what a real node binary reports about itself', () => {
    const version = execFileSync(process.execPath, ['-p', 'process.version'], { encoding: 'utf8' }).trim();
    expect(nodeRuntime(version)).toEqual(nodeRuntime());
  });
});
