/** Capacity a pending-line buffer goes back to after holding a long line. */
const RESTING_CAPACITY = 64 * 1024;

/**
 * The bytes of a line that spans chunks, copied into one reusable buffer: a copy is needed (a
 * source may reuse its chunk once control returns to it), an allocation per chunk is not.
 */
export class PendingLine {
  private buffer = new Uint8Array(1024);
  /** Bytes held. */
  length = 0;
  /** Where the line starts in the stream. */
  offset = 0;

  /** Appends bytes, growing the buffer as needed (the caller bounds the total by maxLineLength). */
  append(bytes: Uint8Array): void {
    const needed = this.length + bytes.length;
    if (needed > this.buffer.length) {
      const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(bytes, this.length);
    this.length = needed;
  }

  /** The first bytes held, for an error excerpt. */
  head(): Uint8Array {
    return this.buffer.subarray(0, Math.min(this.length, 4096));
  }

  /** The bytes held, emptied: a view that stays valid until the next append. */
  take(): Uint8Array {
    const bytes = this.buffer.subarray(0, this.length);
    this.clear();
    return bytes;
  }

  /** Drops the bytes held (a view from take() or head() stays valid until the next append). */
  clear(): void {
    this.length = 0;
    // A long line leaves a large buffer behind: let it go, once views of it are dropped.
    if (this.buffer.length > RESTING_CAPACITY) this.buffer = new Uint8Array(1024);
  }
}
