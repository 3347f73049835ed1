import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import * as errors from '../errors';
import { deserializeError, ERROR_TYPES, serializeError, type SerializedError } from './worker-protocol';

// One instance of every error class in errors.ts. A class added there without a sample
// here fails the first test, so the round trip below covers all of them.
const samples: Record<string, Error> = {
  MissingColumnError: new errors.MissingColumnError('a.csv', ['InvoiceNo', 'Quantity'], ['Invoice'], ['Quantity']),
  UnreadableHeaderError: new errors.UnreadableHeaderError('b.csv', 'unterminated quote'),
  EmptyFileError: new errors.EmptyFileError('c.csv'),
  CleaningOptionsError: new errors.CleaningOptionsError('concurrency', -1, 'Use a positive integer.'),
  ReconciliationError: new errors.ReconciliationError('d.csv', '10 in, 9 out'),
  PartitionOverlapError: new errors.PartitionOverlapError('536365', ['e.csv', 'f.csv']),
  AmbiguousColumnError: new errors.AmbiguousColumnError('g.csv', 'Quantity', ['Quantity', 'Quantity'], [4, 9]),
  TotalTooLargeError: new errors.TotalTooLargeError('clean revenue of the merged partitions', '27021570740402.238'),
  CompressedFileError: new errors.CompressedFileError('h.csv.gz', 'not gzip', 'starts like gzip but cannot be decompressed.'),
};

const exportedClasses = Object.entries(errors).filter(([, value]) => typeof value === 'function' && value.prototype instanceof Error);

/** Sends the serialized error through a real worker_threads port, as a worker's postMessage does. */
function acrossPort(serialized: SerializedError): SerializedError {
  const { port1, port2 } = new MessageChannel();
  try {
    port1.postMessage(serialized);
    const received = receiveMessageOnPort(port2);
    if (!received) throw new Error('no message received');
    return received.message as SerializedError;
  } finally {
    port1.close();
  }
}

describe('worker protocol errors', () => {
  it('registers every error class exported from errors.ts, under its name', () => {
    expect(exportedClasses.length).toBeGreaterThanOrEqual(6);
    expect([...ERROR_TYPES.keys()].sort()).toEqual(exportedClasses.map(([name]) => name).sort());
    for (const [name, type] of exportedClasses) {
      expect(ERROR_TYPES.get(name)).toBe(type);
      expect(samples[name]).toBeInstanceOf(type);
      // serializeError sends error.name; it must be the class name for the lookup to work.
      expect(samples[name].name).toBe(name);
    }
  });

  it.each(exportedClasses)('rebuilds a %s that crossed the thread boundary', (name, type) => {
    const original = samples[name];
    const rebuilt = deserializeError(acrossPort(serializeError(original)));
    expect(rebuilt).toBeInstanceOf(type);
    expect(rebuilt).toBeInstanceOf(Error);
    expect(rebuilt.name).toBe(name);
    expect(rebuilt.message).toBe(original.message);
    // Every field (file, expected, partitions, ...) survives with its value.
    expect(Object.keys(original).length).toBeGreaterThan(1);
    expect({ ...rebuilt }).toEqual({ ...original, message: original.message, stack: rebuilt.stack });
    expect(rebuilt.stack).toContain('in a cleaning worker thread');
  });

  it('rebuilds an unknown error as a plain Error with its name, message and fields', () => {
    const original = Object.assign(new RangeError('out of range'), { code: 'E_RANGE' });
    const rebuilt = deserializeError(acrossPort(serializeError(original)));
    expect(Object.getPrototypeOf(rebuilt)).toBe(Error.prototype);
    expect(rebuilt).toMatchObject({ name: 'RangeError', message: 'out of range', code: 'E_RANGE' });
  });

  it('does not resolve names inherited from Object.prototype', () => {
    const rebuilt = deserializeError({ name: 'constructor', message: 'm', props: {} });
    expect(Object.getPrototypeOf(rebuilt)).toBe(Error.prototype);
  });
});
