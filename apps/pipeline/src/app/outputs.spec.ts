import { pounds } from './outputs';

test('pounds groups thousands and keeps every significant decimal', () => {
  expect(pounds(1_067_763_955)).toBe('£1,067,763.955');
  expect(pounds(283_300)).toBe('£283.30');
  expect(pounds(-23_009_630)).toBe('−£23,009.63');
  expect(pounds(0)).toBe('£0.00');
});
