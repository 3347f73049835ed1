import { textTable } from './text-table';

test('textTable aligns text left and numbers right', () => {
  expect(textTable('Top', ['Country', 'Orders'], [['United Kingdom', 16649], ['EIRE', 260]])).toBe(
    ['Top', 'Country         Orders', '──────────────  ──────', 'United Kingdom  16,649', 'EIRE               260'].join('\n'),
  );
});
