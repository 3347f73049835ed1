// A strict reader for `.env`: dotenv skips a line it cannot parse and keeps an unterminated
// quote as part of the value (`"orders`), so a typo there became a table name. Here every line
// is a comment, blank, or KEY=value, or the run stops naming the file and the line.
import { readFileSync } from 'node:fs';
import { EcomlakeError } from '@ecomlake/util';

/** A line of a `.env` file that is not a comment, a blank line or `KEY=value`. */
export class DotenvSyntaxError extends EcomlakeError<'pipeline.dotenvSyntax'> {
  override readonly name = 'DotenvSyntaxError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super('pipeline.dotenvSyntax', `${file}:${line}: ${reason}.`);
  }
}

const ENTRY = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"' };

/**
 * Parses `.env` text: blank lines, `# comments`, `KEY=value` with an optional `export `
 * prefix; a value is bare (a ` #` starts a comment, spaces around it are trimmed), or quoted
 * with '…', "…" (\n, \t, \\ and \" escapes) or `…`, closed on the same line and followed by
 * nothing but a comment. Anything else throws DotenvSyntaxError naming `file` and the line.
 */
export function parseDotenvText(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const fail = (reason: string): never => {
      throw new DotenvSyntaxError(file, index + 1, reason);
    };
    const entry = ENTRY.exec(line);
    if (!entry) {
      const key = line.slice(0, line.indexOf('=')).replace(/^export\s+/, '').trim();
      return fail(line.includes('=') ? `"${key}" is not a variable name (letters, digits and _, not starting with a digit)` : 'expected KEY=value, a # comment or a blank line');
    }
    const [, key, rest] = entry;
    values[key] = valueOf(rest, fail);
  });
  return values;
}

/** The variables of the `.env` file at `file`; none when it does not exist. */
export function readDotenvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return parseDotenvText(text, file);
}

function valueOf(rest: string, fail: (reason: string) => never): string {
  const quote = rest[0];
  if (quote !== '"' && quote !== "'" && quote !== '`') {
    const bare = rest.replace(/\s+#.*$/, '').trim();
    // `KEY=orders"`: a quote meant to pair with one that is missing.
    if (/["'`]$/.test(bare)) fail(`the value ends with a ${bare.slice(-1)} quote that was never opened`);
    return bare;
  }
  let value = '';
  for (let i = 1; i < rest.length; i++) {
    const c = rest[i];
    if (c === quote) {
      const after = rest.slice(i + 1).trim();
      if (after !== '' && !after.startsWith('#')) fail(`unexpected text after the closing ${quote}: ${after}`);
      return value;
    }
    if (quote === '"' && c === '\\' && i + 1 < rest.length) {
      const next = rest[++i];
      value += ESCAPES[next] ?? `\\${next}`;
      continue;
    }
    value += c;
  }
  return fail(`the value opens a ${quote} quote that does not close on this line`);
}
