import { createAimd } from './aimd';

describe('AIMD concurrency', () => {
  it('halves on throttling and grows back by about one per round of successes', () => {
    const aimd = createAimd(8);
    expect(aimd.limit).toBe(8);
    aimd.onThrottle(aimd.ticket());
    expect(aimd.limit).toBe(4);
    for (let i = 0; i < 5; i += 1) aimd.onSuccess();
    expect(aimd.limit).toBe(5);
    for (let i = 0; i < 100; i += 1) aimd.onSuccess();
    expect(aimd.limit).toBe(8);
  });

  it('cuts once per congestion event, not once per request in flight', () => {
    const aimd = createAimd(16);
    const tickets = [aimd.ticket(), aimd.ticket(), aimd.ticket()];
    for (const ticket of tickets) aimd.onThrottle(ticket);
    expect(aimd.limit).toBe(8);
    aimd.onThrottle(aimd.ticket());
    expect(aimd.limit).toBe(4);
  });

  it('never goes below one', () => {
    const aimd = createAimd(2);
    for (let i = 0; i < 10; i += 1) aimd.onThrottle(aimd.ticket());
    expect(aimd.limit).toBe(1);
  });
});
