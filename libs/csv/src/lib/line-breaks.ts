/** Rewrites line breaks so the scanner sees `\n` (or `\r\n`) only. */
export interface LineBreaks {
  /** The text with CR-only line breaks turned into `\n`; call with `final` for the last piece. */
  normalize(text: string, final: boolean): string;
}

/**
 * Files saved by classic Mac OS software (and some Excel exports) end lines with a lone
 * CR. RFC 4180 allows only CRLF, but reading such a file as one endless line gives
 * misleading errors ("missing column Country"), so the first line break decides: when
 * it is a CR not followed by LF, every CR (or CRLF) in the input is a line break. In a
 * file whose first break is LF or CRLF a lone CR stays text, as before.
 */
export function createLineBreaks(): LineBreaks {
  let mode: 'unknown' | 'lf' | 'cr' = 'unknown';
  let carry = ''; // a CR at the end of a chunk: the next chunk may start with its LF
  return {
    normalize(chunk, final) {
      let text = carry + chunk;
      carry = '';
      if (mode === 'unknown') {
        const cr = text.indexOf('\r');
        const lf = text.indexOf('\n');
        if (cr === -1 || (lf !== -1 && lf < cr)) {
          if (lf !== -1) mode = 'lf';
          return text;
        }
        if (cr + 1 < text.length) mode = text.charCodeAt(cr + 1) === 10 ? 'lf' : 'cr';
        else if (final) mode = 'lf'; // one line ending in CR: the scanner takes it as the break
        else {
          carry = '\r';
          return text.slice(0, -1);
        }
      }
      if (mode === 'lf') return text;
      if (!final && text.endsWith('\r')) {
        carry = '\r';
        text = text.slice(0, -1);
      }
      return text.replace(/\r\n?/g, '\n');
    },
  };
}
