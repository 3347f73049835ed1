import { escapeControl, quoteValue } from './escape';

describe('escapeControl', () => {
  it('writes control characters as visible escapes, so printed data cannot drive the terminal', () => {
    expect(escapeControl('\u001b]0;pwned\u0007United Kingdom')).toBe('\\u001b]0;pwned\\u0007United Kingdom');
    expect(escapeControl('a\tb\nc\rd')).toBe('a\\tb\\nc\\rd');
    expect(escapeControl('NUL\u0000 DEL\u007f CSI\u009b')).toBe('NUL\\u0000 DEL\\u007f CSI\\u009b');
    // Right-to-left override: would show "abc" reversed.
    expect(escapeControl('x\u202eabc')).toBe('x\\u202eabc');
  });

  it('leaves other text as it is, backslashes, accents and £ included', () => {
    for (const text of ['', 'WHITE HANGING HEART T-LIGHT HOLDER', 'C:\\data\\day.csv', 'Café £5 — ok', 'No\u00a0break']) {
      expect(escapeControl(text)).toBe(text);
    }
  });
});

describe('quoteValue', () => {
  it('quotes like JSON and escapes what JSON leaves raw', () => {
    expect(quoteValue('say "hi"\u0000')).toBe('"say \\"hi\\"\\u0000"');
    expect(quoteValue('\u009b2J')).toBe('"\\u009b2J"');
  });
});
