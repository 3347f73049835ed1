import { textTable } from './text-table';

describe('textTable', () => {
  it('aligns text left and number columns right, with en-GB grouping', () => {
    expect(textTable(['Country', 'Orders'], [['United Kingdom', 16649], ['EIRE', 260]])).toBe(
      ['Country         Orders', '──────────────  ──────', 'United Kingdom  16,649', 'EIRE               260'].join('\n'),
    );
  });

  it('puts the title above the header', () => {
    expect(textTable(['a'], [['x']], { title: 'Top' }).split('\n')).toEqual(['Top', 'a', '─', 'x']);
  });

  it('takes alignment, rule and number format from the options', () => {
    const text = textTable(['name', 'ms'], [['load', 1.5], ['scan', 12.25]], {
      align: ['right', 'left'],
      rule: '-',
      formatNumber: (value) => value.toFixed(3),
    });
    expect(text.split('\n')).toEqual(['name  ms', '----  ------', 'load  1.500', 'scan  12.250']);
  });

  it('leaves a column with any text cell, or no rows, left-aligned', () => {
    expect(textTable(['n'], [[1], ['-']]).split('\n')).toEqual(['n', '─', '1', '-']);
    expect(textTable(['count', 'x'], [])).toBe('count  x\n─────  ─');
  });

  it('prints a missing cell as blank and ends no line with spaces', () => {
    expect(textTable(['a', 'b'], [['long text'], ['s', 't']]).split('\n')).toEqual(['a          b', '─────────  ─', 'long text', 's          t']);
  });
});
