import fc from 'fast-check';
import { expect, test } from 'vitest';
import { Utf8Scanner } from './byte-source';

// The scanner only locates what the fatal TextDecoder rejected, so the two must agree on every input.
test('Utf8Scanner agrees with the fatal TextDecoder', () => {
  const mostlyText = fc.array(
    fc.oneof(
      fc.integer({ min: 0, max: 255 }),
      fc.constantFrom(0xe2, 0x82, 0xac, 0xf0, 0x9f, 0xed, 0xa0, 0xc0, 0x0a),
    ),
    { maxLength: 40 },
  );
  const validText = fc.string({ unit: 'binary' }).map((s) => [...new TextEncoder().encode(s)]);
  fc.assert(
    fc.property(fc.oneof(mostlyText, validText), fc.nat(), (bytes, cut) => {
      const data = Uint8Array.from(bytes);
      let decoderOk = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(data);
      } catch {
        decoderOk = false;
      }
      const scanner = new Utf8Scanner();
      const at = cut % (data.length + 1);
      const found = scanner.push(data.subarray(0, at)) ?? scanner.push(data.subarray(at)) ?? scanner.end();
      expect(found === null).toBe(decoderOk);
    }),
    { numRuns: 1000 },
  );
});
