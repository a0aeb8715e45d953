/** Little-endian 16-bit value at `i`. */
export const u16 = (b: Uint8Array, i: number): number => (b[i] as number) | ((b[i + 1] as number) << 8);
/** Little-endian 32-bit value at `i`, unsigned. */
export const u32 = (b: Uint8Array, i: number): number => (u16(b, i) | (u16(b, i + 2) << 16)) >>> 0;

/**
 * The bytes of a streamed body that are not parsed yet, and where they sit in the body. Reads are relative to
 * the read position; what was read is dropped when the next chunk arrives, so the window holds at most a partial
 * record (or a data descriptor's possible first bytes) plus one chunk.
 */
export class ByteWindow {
  private buf: Uint8Array = new Uint8Array(0);
  private pos = 0;
  /** Body offset of buf[0]. */
  private base = 0;

  /** Adds a chunk of the body after what is not read yet. */
  append(chunk: Uint8Array): void {
    const rest = this.buf.subarray(this.pos);
    this.base += this.pos;
    this.pos = 0;
    if (rest.length === 0) this.buf = chunk;
    else {
      const joined = new Uint8Array(rest.length + chunk.length);
      joined.set(rest);
      joined.set(chunk, rest.length);
      this.buf = joined;
    }
  }

  /** Bytes received and not read yet. */
  get available(): number {
    return this.buf.length - this.pos;
  }

  /** Body offset of the next byte to read. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Body offset just after the last byte received (the body's length so far). */
  get received(): number {
    return this.base + this.buf.length;
  }

  /** The bytes not read yet (a view: valid until the next append). */
  get unread(): Uint8Array {
    return this.buf.subarray(this.pos);
  }

  /** 16-bit value `at` bytes past the read position. */
  u16(at: number): number {
    return u16(this.buf, this.pos + at);
  }

  /** 32-bit value `at` bytes past the read position. */
  u32(at: number): number {
    return u32(this.buf, this.pos + at);
  }

  /** A copy of `length` bytes from `at` bytes past the read position. */
  copy(at: number, length: number): Uint8Array {
    return this.buf.slice(this.pos + at, this.pos + at + length);
  }

  /** True when the bytes from `at` past the read position equal `bytes`. */
  matches(at: number, bytes: Uint8Array): boolean {
    return bytes.every((byte, i) => this.buf[this.pos + at + i] === byte);
  }

  /** Reads past `length` bytes. */
  skip(length: number): void {
    this.pos += length;
  }
}
