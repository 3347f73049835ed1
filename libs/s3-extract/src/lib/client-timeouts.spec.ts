import { clientTimeouts } from './client-timeouts';

describe('clientTimeouts', () => {
  it('builds the SDK handler settings with the documented defaults: 5 s to connect, 30 s of silence, 5 min to an answer', () => {
    expect(clientTimeouts()).toEqual({
      requestHandler: { connectionTimeout: 5_000, socketTimeout: 30_000, requestTimeout: 300_000, throwOnRequestTimeout: true },
    });
  });

  it('takes each setting on its own; an undefined one keeps its default', () => {
    expect(clientTimeouts({ idleTimeout: 250, connectionTimeout: undefined }).requestHandler).toEqual({
      connectionTimeout: 5_000,
      socketTimeout: 250,
      requestTimeout: 300_000,
      throwOnRequestTimeout: true,
    });
  });

  it('refuses a timeout that would mean "never" or nonsense, naming it', () => {
    expect(() => clientTimeouts({ idleTimeout: 0 })).toThrow(/idleTimeout must be a positive number of milliseconds, got 0/);
    expect(() => clientTimeouts({ requestTimeout: Number.NaN })).toThrow(/requestTimeout/);
    expect(() => clientTimeouts({ connectionTimeout: -1 })).toThrow(/connectionTimeout/);
  });
});
