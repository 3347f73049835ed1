import { fullJitterDelay } from './backoff';

describe('full jitter backoff', () => {
  it('draws uniformly below an exponentially growing ceiling', () => {
    const top = () => 0.999999;
    expect(fullJitterDelay(0, { baseDelayMs: 10, random: top })).toBe(9);
    expect(fullJitterDelay(3, { baseDelayMs: 10, random: top })).toBe(79);
    expect(fullJitterDelay(3, { baseDelayMs: 10, random: () => 0 })).toBe(0);
    expect(fullJitterDelay(3, { baseDelayMs: 10, random: () => 0.5 })).toBe(40);
  });

  it('caps the ceiling', () => {
    expect(fullJitterDelay(30, { baseDelayMs: 50, maxDelayMs: 1000, random: () => 0.999999 })).toBe(999);
  });
});
