import { textTable } from './text-table';

test('textTable aligns text left and numbers right', () => {
  expect(textTable('Top', ['Country', 'Orders'], [['United Kingdom', 16649], ['EIRE', 260]])).toBe(
    ['Top', 'Country         Orders', '──────────────  ──────', 'United Kingdom  16,649', 'EIRE               260'].join('\n'),
  );
});

test('textTable right-aligns money columns', () => {
  expect(textTable('M', ['c', 'revenue'], [['a', '£1,000.50'], ['b', '−£5.00']]).split('\n').slice(3)).toEqual(['a  £1,000.50', 'b     −£5.00']);
});
