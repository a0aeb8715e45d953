const LF = 0x0a;

/**
 * Most bytes of complete lines decoded in one call (one longer line, bounded by maxLineLength, is
 * decoded whole). A window then decodes to under 64 K UTF-16 units, the most V8 keeps out of its
 * large-object space: a larger string decodes about 5x slower per byte. A chunk decoded whole would also hold memory in proportion to the chunk, and one of
 * hundreds of MB (a whole file as a Uint8Array) would pass the engine's string length limit.
 */
export const WINDOW_BYTES = 64 * 1024 - 64;

/**
 * Complete lines of a chunk decoded in one call, for the parser to slice line by line: one decoder
 * call per window instead of one per line, and no byte scan (a line's byte offset is only needed
 * for an error, and found then).
 */
export class TextWindow {
  /** The decoded lines, each ending in LF ('' when used up or not loaded). */
  text = '';
  /** Where the next line starts in `text`. */
  at = 0;
  /** Whether the text is ASCII: then its character and byte positions agree. */
  ascii = false;
  /** Where the window starts and ends in its chunk. */
  start = 0;
  end = 0;
  /** Index of the line being parsed, for a byte offset worked out only when needed. */
  line = 0;
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  /**
   * Decodes `chunk` from `start` to the end of a window (see {@link windowEnd}), kept in `end`.
   * False, and the window stays empty, when the text holds a U+FFFD: those lines are left to a path
   * that reads each line's bytes and tells invalid UTF-8 from a real U+FFFD.
   */
  load(chunk: Uint8Array, start: number, last: number): boolean {
    const end = windowEnd(chunk, start, last);
    this.end = end;
    const text = this.decoder.decode(chunk.subarray(start, end));
    if (text.indexOf('\uFFFD') !== -1) return false;
    this.text = text;
    this.at = 0;
    this.ascii = text.length === end - start;
    this.start = start;
    this.line = 0;
    return true;
  }

  /** Lets the text go once its lines are used up. */
  clear(): void {
    this.text = '';
    this.at = 0;
  }

  /** Where the line being parsed starts in the chunk, found by counting LFs from the window's start. */
  lineStart(chunk: Uint8Array): number {
    let position = this.start;
    for (let i = 1; i < this.line; i++) position = chunk.indexOf(LF, position) + 1;
    return position;
  }
}

/**
 * Where the window that starts at `start` ends: after the chunk's last LF (at `last`), or after the
 * last LF within WINDOW_BYTES (after the next LF when one line is longer than that).
 */
export function windowEnd(chunk: Uint8Array, start: number, last: number): number {
  if (last + 1 - start <= WINDOW_BYTES) return last + 1;
  const nl = chunk.lastIndexOf(LF, start + WINDOW_BYTES - 1);
  return (nl >= start ? nl : chunk.indexOf(LF, start + WINDOW_BYTES)) + 1;
}
