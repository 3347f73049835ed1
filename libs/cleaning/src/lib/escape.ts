// C0 controls, DEL and C1 controls (terminals act on ESC/CSI/OSC sequences and on bare
// CR/BS), plus the bidirectional formatting characters that make printed text read
// differently from what it holds.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const CONTROLS = new RegExp(CONTROL.source, 'g');
const SHORT: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Text made safe to print on a terminal or in a one-line message: every control
 * character is written as a visible escape in JSON's notation (`\u001b`, `\n`, `\t`), so
 * data can neither drive the terminal (an OSC sequence re-titles the window) nor break
 * a table's lines. Other text, backslashes included, is returned unchanged.
 *
 * @example
 * escapeControl('\u001b]0;pwned\u0007UK'); // '\\u001b]0;pwned\\u0007UK'
 */
export function escapeControl(text: string): string {
  return CONTROL.test(text) ? text.replace(CONTROLS, (c) => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : text;
}

/** A value quoted for a message: JSON string notation, with the controls JSON leaves raw (DEL, C1, bidi) escaped too. */
export function quoteValue(text: string): string {
  return escapeControl(JSON.stringify(text));
}
