import type { JsonlErrorCode, JsonlParseError, ValidationIssue } from './errors.js';
import { LineFault, readEventLine } from './event-line.js';
import { badLineError, truncatedError } from './line-errors.js';
import { PendingLine } from './pending-line.js';
import { TextWindow } from './text-window.js';
import type { AuditEvent } from './types.js';
import { utf8Length } from './utf8.js';

const LF = 0x0a;
const CR = 0x0d;

/** What parseJsonl does with a bad line: stop with an error, pass over it, or pass over it and keep the error. */
export type InvalidLinePolicy = 'throw' | 'skip' | 'collect';

/** Counters of one parse, updated as the stream is read. */
export interface JsonlStats {
  /** Lines seen, blank ones included. */
  lines: number;
  /** Events yielded. */
  events: number;
  /** Bad lines passed over (onInvalid 'skip' or 'collect'). */
  skipped: number;
  /** Blank (empty or whitespace-only) lines passed over. */
  blank: number;
  /** Bytes read from the source. */
  bytes: number;
}

/** Settings of the line parser, resolved from parseJsonl's options. */
export interface LineParserSettings {
  readonly validate: boolean;
  readonly maxLineLength: number;
  readonly onInvalid: InvalidLinePolicy;
  readonly maxErrors: number;
}

/**
 * Splits byte chunks into lines and lines into events, synchronously, one chunk at a time. A
 * chunk's complete lines are decoded a window at a time and sliced at each LF; only a line that spans
 * chunks is copied (into a PendingLine, never beyond maxLineLength) and decoded once complete, so a
 * multi-byte character split by a chunk boundary is whole again before decoding.
 */
export class LineParser {
  /** An event parsed by push() or end() (from a line that spanned chunks), not yet taken. */
  private event: AuditEvent | undefined;
  /** The chunk being parsed, where its next undecoded line starts, its last LF and its offset in the stream. */
  private chunk: Uint8Array = new Uint8Array(0);
  private position = 0;
  private last = -1;
  private base = 0;
  /** The error that stops the parse (onInvalid 'throw', or a truncated stream). */
  failure: JsonlParseError | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly lenient = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly pending = new PendingLine();
  /** Passing over the rest of a line that was already reported too long. */
  private discarding = false;
  private completed = 0;
  /** The chunk's complete lines, decoded a window at a time. */
  private readonly window = new TextWindow();
  /** End of a window whose text held a U+FFFD: its lines are read from bytes, from `position` on. */
  private rawEnd = 0;

  constructor(
    private readonly settings: LineParserSettings,
    readonly stats: JsonlStats,
    readonly errors: JsonlParseError[],
  ) {}

  /**
   * Starts on a chunk: completes the line pending from earlier chunks, if this one ends it.
   * Lines are then parsed one at a time by take(), as the consumer asks: parsing a whole chunk
   * ahead would keep hundreds of events alive at once, which the garbage collector then promotes
   * and the process's memory grows with the chunk size.
   */
  push(chunk: Uint8Array): void {
    this.base = this.stats.bytes;
    this.stats.bytes += chunk.length;
    this.chunk = chunk;
    this.position = 0;
    this.rawEnd = 0;
    this.last = chunk.lastIndexOf(LF);
    if (this.pending.length > 0 || this.discarding) {
      const nl = chunk.indexOf(LF);
      if (!this.extend(nl === -1 ? chunk : chunk.subarray(0, nl)) || nl === -1) {
        this.position = chunk.length;
        return;
      }
      this.position = nl + 1;
      if (this.discarding) {
        this.discarding = false;
        this.completed++;
        this.stats.lines++;
      } else {
        const offset = this.pending.offset;
        this.event = this.parseBytes(this.pending.take(), offset);
      }
    }
  }

  /** Decodes the next window of the chunk's complete lines; one whose text held a U+FFFD is left to parseBytes(). */
  private decodeWindow(): void {
    if (this.window.load(this.chunk, this.position, this.last)) this.position = this.window.end;
    else this.rawEnd = this.window.end;
  }

  /** The next event of the current chunk, or undefined when its complete lines are used up (or a line failed). */
  take(): AuditEvent | undefined {
    let event = this.event;
    if (event !== undefined) {
      this.event = undefined;
      return event;
    }
    const chunk = this.chunk;
    for (;;) {
      // The hot path: the next line of the decoded window.
      const window = this.window;
      const text = window.text;
      const at = this.base + window.start;
      while (window.at < text.length && this.failure === undefined) {
        const start = window.at;
        const nl = text.indexOf('\n', start);
        window.at = nl + 1;
        const index = window.line++;
        event = window.ascii
          ? this.parseText(text.slice(start, nl), nl - start, at + start)
          : // Not ASCII: byte size and offset are worked out only if needed (-1: not known yet).
            this.parseText(text.slice(start, nl), -1, index === 0 ? at : -1);
        if (event !== undefined) return event;
      }
      window.clear();
      // A window whose text held a U+FFFD, line by line from its bytes.
      while (this.failure === undefined && this.position < this.rawEnd) {
        const start = this.position;
        const nl = chunk.indexOf(LF, start);
        this.position = nl + 1;
        event = this.parseBytes(chunk.subarray(start, nl), this.base + start);
        if (event !== undefined) return event;
      }
      if (this.failure !== undefined || this.position > this.last) break;
      this.decodeWindow();
    }
    if (this.failure === undefined && this.position < chunk.length) {
      // The unfinished tail waits for the next chunk.
      this.pending.offset = this.base + this.position;
      this.extend(chunk.subarray(this.position));
      this.position = chunk.length;
    }
    return undefined;
  }

  /** Ends the stream: a complete last line without LF is an event; anything else left over is TRUNCATED. */
  end(): void {
    if (this.discarding || this.pending.length === 0) return;
    const offset = this.pending.offset;
    const bytes = this.pending.take();
    let end = bytes.length;
    if (bytes[end - 1] === CR) end--;
    let text: string | undefined;
    try {
      text = this.decoder.decode(bytes.subarray(this.bomLength(bytes, offset), end));
      JSON.parse(text);
    } catch {
      if (text?.trim() === '') {
        this.stats.blank++;
        return;
      }
      this.failure = truncatedError(this.completed + 1, offset, bytes);
      return;
    }
    this.event = this.parseBytes(bytes, offset);
  }

  /**
   * One line given as bytes (LF removed), at `offset` in the stream: a line that spanned chunks, or
   * a line of a chunk whose text held a U+FFFD (which may be invalid UTF-8).
   */
  private parseBytes(bytes: Uint8Array, offset: number): AuditEvent | undefined {
    // The lenient decoder is faster than the fatal one; a U+FFFD in its output (a real one is
    // rare) sends the line through the fatal decoder, which tells invalid UTF-8 from a real U+FFFD.
    let text = this.lenient.decode(bytes);
    if (text.indexOf('\uFFFD') !== -1) {
      try {
        text = this.decoder.decode(bytes);
      } catch {
        this.completed++;
        this.stats.lines++;
        this.report('INVALID_UTF8', 'is not valid UTF-8', bytes, offset);
        return undefined;
      }
    }
    return this.parseText(text, bytes.length, offset);
  }

  /**
   * One decoded line (LF removed) of `size` bytes at `offset` in the stream, as an event (or
   * undefined: blank, or bad and reported); -1 for size or offset means not known yet (a non-ASCII
   * line of a decoded window): worked out only when needed.
   */
  private parseText(line: string, size: number, offset: number): AuditEvent | undefined {
    this.completed++;
    this.stats.lines++;
    let text = line;
    let bytes = size;
    if (text.charCodeAt(text.length - 1) === 0x0d) {
      text = text.slice(0, -1);
      if (bytes >= 0) bytes--;
    }
    if (offset === 0 && text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
      if (bytes >= 0) bytes -= 3;
    }
    if (text.length === 0) {
      this.stats.blank++;
      return undefined;
    }
    const max = this.settings.maxLineLength;
    // A UTF-16 code unit is at most 3 bytes of UTF-8: only a line that long can be over the limit.
    if (bytes < 0 && text.length * 3 > max) bytes = utf8Length(text);
    if (bytes > max) {
      this.report('LINE_TOO_LONG', `is ${bytes} bytes, over maxLineLength (${max})`, text, offset);
      return undefined;
    }
    const read = readEventLine(text, this.settings.validate);
    if (read === undefined) {
      this.stats.blank++;
      return undefined;
    }
    if (read instanceof LineFault) {
      this.report(read.code, read.problem, text, offset, read.issues);
      return undefined;
    }
    this.stats.events++;
    return read;
  }

  /** Reports a bad line as the onInvalid policy says: stop with its error, count it, or count and keep it. */
  private report(
    code: JsonlErrorCode,
    problem: string,
    content: string | Uint8Array,
    offset: number,
    issues?: readonly ValidationIssue[],
  ): void {
    const policy = this.settings.onInvalid;
    if (policy !== 'throw') this.stats.skipped++;
    // 'skip' needs no error object: counting is enough, and a stack trace per bad line is not free.
    if (policy === 'skip') return;
    if (policy === 'collect' && this.errors.length >= this.settings.maxErrors) return;
    const line = this.completed + (this.discarding ? 1 : 0);
    const byteOffset = offset >= 0 ? offset : this.base + this.window.lineStart(this.chunk);
    const error = badLineError({ code, problem, content, line, byteOffset, issues }, policy === 'throw');
    if (policy === 'throw') this.failure = error;
    else this.errors.push(error);
  }

  /** Appends to the pending line; false when that made it too long (reported, and the rest is discarded). */
  private extend(bytes: Uint8Array): boolean {
    if (this.discarding) return true;
    // One byte of slack: a CR before the LF is not part of the line.
    if (this.pending.length + bytes.length > this.settings.maxLineLength + 1) {
      const excerpt = this.pending.length > 0 ? this.pending.head() : bytes;
      this.pending.clear();
      this.discarding = true;
      this.report(
        'LINE_TOO_LONG',
        `is over maxLineLength (${this.settings.maxLineLength} bytes)`,
        excerpt,
        this.pending.offset,
      );
      return this.failure === undefined;
    }
    this.pending.append(bytes);
    return true;
  }

  /** 3 when a UTF-8 byte order mark opens the stream at `offset`, else 0. */
  private bomLength(bytes: Uint8Array, offset: number): number {
    return offset === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  }
}
