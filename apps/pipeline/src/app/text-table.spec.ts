import { textTable } from './text-table';

test('textTable aligns text left and numbers right', () => {
  expect(textTable('Top', ['Country', 'Orders'], [['United Kingdom', 16649], ['EIRE', 260]])).toBe(
    ['Top', 'Country         Orders', '──────────────  ──────', 'United Kingdom  16,649', 'EIRE               260'].join('\n'),
  );
});

test('textTable right-aligns money columns', () => {
  expect(textTable('M', ['c', 'revenue'], [['a', '£1,000.50'], ['b', '−£5.00']]).split('\n').slice(3)).toEqual(['a  £1,000.50', 'b     −£5.00']);
});

test('textTable escapes control characters in data, so a country cannot re-title the terminal', () => {
  const text = textTable('Top countries', ['country', 'orders'], [['\u001b]0;pwned\u0007', 3]]);
  // eslint-disable-next-line no-control-regex
  expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/); // only the table's own line breaks
  // The escaped country is 20 characters: \u001b (6) + ]0;pwned (8) + \u0007 (6).
  expect(text.split('\n')).toEqual([
    'Top countries',
    'country               orders',
    `${'─'.repeat(20)}  ──────`,
    '\\u001b]0;pwned\\u0007       3',
  ]);
});
