import { createChunkDecoder } from './chunk-decoder';

describe('createChunkDecoder', () => {
  it('carries a UTF-8 character split across chunks over to the next chunk', () => {
    const bytes = Buffer.from('£1 – €2 😀', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const decoder = createChunkDecoder('utf-8');
      const a = decoder.decode(bytes.subarray(0, cut));
      const b = decoder.decode(bytes.subarray(cut));
      const c = decoder.end();
      expect(a.text + b.text + c.text).toBe('£1 – €2 😀');
      expect(a.invalid || b.invalid || c.invalid).toBe(false);
    }
  });

  it('flags bytes that are not UTF-8 and decodes them as U+FFFD', () => {
    const decoded = createChunkDecoder('utf-8').decode(Buffer.from([0x61, 0xa3, 0x62]));
    expect(decoded).toEqual({ text: 'a\uFFFDb', invalid: true });
  });

  it('flags an incomplete character at the end of input', () => {
    const decoder = createChunkDecoder('utf-8');
    expect(decoder.decode(Buffer.from([0x61, 0xc2])).text).toBe('a');
    expect(decoder.end()).toEqual({ text: '\uFFFD', invalid: true });
  });

  it('decodes Latin-1 bytes one to one', () => {
    expect(createChunkDecoder('latin1').decode(new Uint8Array([0xa3, 0x35])).text).toBe('£5');
  });

  it('passes string chunks through', () => {
    expect(createChunkDecoder('latin1').decode('£')).toEqual({ text: '£', invalid: false });
  });
});
