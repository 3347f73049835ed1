import { quoteValue } from '../escape';

// C0 controls (TAB, CR and LF included), DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Whether a key field holds a control character. Invoice numbers, stock codes,
 * customer ids, countries and dates never legitimately do: a NUL or an escape sequence
 * there is a broken export or an attack on whoever prints or queries it, so the row is
 * quarantined (descriptions keep theirs; whatever is printed is escaped).
 */
export function hasControl(text: string): boolean {
  return CONTROL.test(text);
}

/** Why a row whose `column` holds `text` (with a control character) is quarantined. */
export function controlReason(column: string, text: string): string {
  const code = (CONTROL.exec(text)?.[0] ?? '').charCodeAt(0);
  return `control_character: ${column} ${quoteValue(text)} holds U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
