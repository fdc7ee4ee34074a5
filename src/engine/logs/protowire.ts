/** The protobuf wire format, just enough to walk the fields of a message and pull the scalars
 *  out of TensorBoard's and wandb's records without generated code. Errors are ProtoError. */

export class ProtoError extends Error {}

export const enum WireType { Varint = 0, Fixed64 = 1, Bytes = 2, Fixed32 = 5 }

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** A cursor over bytes[pos, end) of one message. */
export class ProtoReader {
  readonly view: DataView;
  constructor(readonly buf: Uint8Array, public pos: number, public end: number) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** The next field's tag (field number << 3 | wire type), or -1 at the end. */
  tag(): number {
    if (this.pos >= this.end) return -1;
    return this.uint32();
  }

  /** A varint as an unsigned 32-bit number (higher bits dropped), for tags, lengths and enums. */
  uint32(): number {
    const b = this.buf;
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError('truncated varint');
      const byte = b[this.pos++]!;
      if (shift < 32) result |= (byte & 0x7f) << shift;
      if (byte < 0x80) return result >>> 0;
      shift += 7;
    }
    throw new ProtoError('varint longer than 10 bytes');
  }

  /** A varint as a signed 64-bit integer (int64), as the nearest double beyond 2^53. */
  int64(): number {
    const b = this.buf;
    let lo = 0;
    let hi = 0;
    let i = 0;
    for (; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtoError('truncated varint');
      const byte = b[this.pos++]!;
      const bits = byte & 0x7f;
      if (i < 4) lo |= bits << (7 * i);
      else if (i === 4) {
        lo |= bits << 28;
        hi |= bits >>> 4;
      } else hi |= bits << (7 * i - 32);
      if (byte < 0x80) return (hi | 0) * 4294967296 + (lo >>> 0);
    }
    throw new ProtoError('varint longer than 10 bytes');
  }

  double(): number {
    if (this.pos + 8 > this.end) throw new ProtoError('truncated double');
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  float(): number {
    if (this.pos + 4 > this.end) throw new ProtoError('truncated float');
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** A length-delimited field: returns its end and leaves pos at its start. */
  bytesEnd(): number {
    const n = this.uint32();
    const end = this.pos + n;
    if (end > this.end) throw new ProtoError('length-delimited field runs past its message');
    return end;
  }

  string(): string {
    const end = this.bytesEnd();
    const s = utf8.decode(this.buf.subarray(this.pos, end));
    this.pos = end;
    return s;
  }

  skip(tag: number): void {
    switch (tag & 7) {
      case WireType.Varint: this.int64(); return;
      case WireType.Fixed64: this.pos += 8; break;
      case WireType.Bytes: this.pos = this.bytesEnd(); return;
      case WireType.Fixed32: this.pos += 4; break;
      default: throw new ProtoError(`unsupported wire type ${tag & 7}`);
    }
    if (this.pos > this.end) throw new ProtoError('field runs past its message');
  }
}
