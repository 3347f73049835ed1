/**
 * The Node.js lines ecomlake supports: the current LTS lines, each tested by CI (README,
 * "Requirements"). 20 reached end of life on 2026-04-30; odd lines are never LTS. A line
 * newer than the last one here is not refused, only reported as untested.
 */
export const SUPPORTED_NODE_LINES: readonly number[] = [22, 24, 26];

/** Which Node.js runs this process, and whether ecomlake supports that line. */
export interface NodeRuntime {
  /** `process.version` as Node prints it, e.g. `v24.22.3`. */
  version: string;
  /** The release line: the major version, e.g. `24`. */
  line: number;
  /** Whether `line` is one of {@link SUPPORTED_NODE_LINES}. */
  supported: boolean;
}

/** The runtime behind `version` (default: this process's own). */
export function nodeRuntime(version: string = process.version): NodeRuntime {
  const line = Number(/^v?(\d+)\./.exec(version)?.[1] ?? NaN);
  return { version, line, supported: SUPPORTED_NODE_LINES.includes(line) };
}

/**
 * One sentence for a user on a line we do not support (undefined on a supported one): which
 * line runs, which lines are supported, and the way back to the pinned one. Said once, at the
 * start of a run; never a refusal, since the run may well work and the user may have reasons.
 */
export function unsupportedNodeNote(runtime: NodeRuntime = nodeRuntime()): string | undefined {
  if (runtime.supported) return undefined;
  const lines = SUPPORTED_NODE_LINES.join(', ');
  const newest = SUPPORTED_NODE_LINES[SUPPORTED_NODE_LINES.length - 1];
  const why = runtime.line > newest ? 'a line ecomlake is not yet tested on' : 'a line ecomlake does not support';
  return `Node.js ${runtime.version} runs this, ${why} (supported lines: ${lines}). In this repository \`npm run\`, \`npm test\` and \`npx nx\` use the Node.js it pins (node_modules/.bin/node); run through them, or install one of the supported lines.`;
}
