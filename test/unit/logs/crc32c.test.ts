import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32c as reference } from '@aws-crypto/crc32c';
import fc from 'fast-check';
import { crc32, crc32c, crc32cOver, maskCrc } from '../../../src/engine/logs/crc32c';
import { crc32 as zlibCrc32 } from 'node:zlib';

test('CRC-32C equals @aws-crypto/crc32c on random bytes and sub-ranges', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(40), fc.nat(40), (bytes, a, b) => {
    const start = Math.min(a, bytes.length);
    const end = Math.max(start, bytes.length - b);
    assert.equal(crc32c(bytes, start, end), reference(bytes.subarray(start, end)));
  }), { numRuns: 500 });
});

test('the check value of "123456789" and the masked CRC of TFRecord\'s empty-length header', () => {
  assert.equal(crc32c(new TextEncoder().encode('123456789')), 0xe3069283); // RFC 3720 B.4
  // TensorFlow's crc32c::Mask: ((crc >> 15) | (crc << 17)) + 0xa282ead8
  const crc = 0xe3069283;
  assert.equal(maskCrc(crc), ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) % 2 ** 32);
});

test('CRC-32 equals zlib.crc32 on random bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
    assert.equal(crc32(bytes), zlibCrc32(bytes));
  }), { numRuns: 300 });
});

test('a CRC continued from a prefix equals the CRC of the whole, as zlib.crc32(data, prev)', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), (a, b) => {
    const whole = new Uint8Array([...a, ...b]);
    assert.equal(crc32(b, 0, b.length, crc32(a)), zlibCrc32(whole));
  }), { numRuns: 200 });
});

test('CRC-32C over ranges of one buffer (word loads) equals @aws-crypto/crc32c at every alignment', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(7), fc.nat(300), fc.nat(300), (bytes, shift, a, b) => {
    // a view that starts at an odd offset of its buffer, as a pooled Buffer does
    const buffer = new Uint8Array(bytes.length + shift);
    buffer.set(bytes, shift);
    const view = buffer.subarray(shift);
    const start = Math.min(a, view.length);
    const end = Math.min(view.length, start + b);
    assert.equal(crc32cOver(view)(start, end), reference(view.subarray(start, end)));
  }), { numRuns: 1000 });
});
