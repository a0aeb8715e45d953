import { AbortError, type JsonlParseError } from './errors.js';
import { type InvalidLinePolicy, type JsonlStats, LineParser } from './line-parser.js';
import { byteChunks, type JsonlSource } from './sources.js';
import type { AuditEvent } from './types.js';

/** Options of {@link parseJsonl}. */
export interface ParseJsonlOptions {
  /** Check each event against the spec's AuditEvent schema (default true); false is faster. */
  readonly validate?: boolean;
  /** Longest accepted line in bytes (default 1 MiB); a longer line is LINE_TOO_LONG and never buffered whole. */
  readonly maxLineLength?: number;
  /** A bad line: 'throw' (default) stops with a JsonlParseError; 'skip' passes over it; 'collect' also keeps the error. */
  readonly onInvalid?: InvalidLinePolicy;
  /** With 'collect', how many errors to keep (default 1000); later ones are still counted in `stats.skipped`. */
  readonly maxErrors?: number;
  /** Stops reading (and cancels the source) when aborted: no event after abort(), iteration rejects with an {@link AbortError} whose `cause` is the signal's reason. */
  readonly signal?: AbortSignal;
}

/** The events of a JSON Lines stream, read once with `for await`, with live counters beside them. */
export interface JsonlEvents extends AsyncIterable<AuditEvent> {
  /** Lines, events, skipped and blank lines and bytes so far; final once iteration ends. */
  readonly stats: Readonly<JsonlStats>;
  /** Errors of lines passed over with onInvalid 'collect', in stream order. */
  readonly errors: readonly JsonlParseError[];
}

/** Options of {@link parseJsonlBatches}: parseJsonl's, plus the largest batch. */
export interface ParseJsonlBatchesOptions extends ParseJsonlOptions {
  /** Most events in one batch (default 1000); a chunk with more complete lines gives several batches. */
  readonly maxBatchSize?: number;
}

/** The events of a JSON Lines stream in batches (arrays), read once with `for await`, with live counters beside them. */
export interface JsonlEventBatches extends AsyncIterable<AuditEvent[]> {
  /** Lines, events, skipped and blank lines and bytes so far; final once iteration ends. */
  readonly stats: Readonly<JsonlStats>;
  /** Errors of lines passed over with onInvalid 'collect', in stream order. */
  readonly errors: readonly JsonlParseError[];
}

/** Default maxLineLength: 1 MiB, far above a real event (under 1 kB) and small enough to bound memory. */
export const DEFAULT_MAX_LINE_LENGTH = 1024 * 1024;

/** Default maxBatchSize: about half a 1 MB chunk of typical events, few enough to render in one frame. */
export const DEFAULT_MAX_BATCH_SIZE = 1000;

/**
 * Parses a JSON Lines stream of audit events: chunks may split lines and UTF-8 characters anywhere;
 * LF or CRLF, a leading BOM, blank lines and a last line without LF are fine. A bad line throws a
 * JsonlParseError (or is skipped or collected), and a stream that ends inside a line is TRUNCATED.
 */
export function parseJsonl(source: JsonlSource, options: ParseJsonlOptions = {}): JsonlEvents {
  return reader(source, options, 'parseJsonl', (parser, chunks) => new EventIterator(parser, chunks, options.signal));
}

/**
 * parseJsonl one batch at a time: each `next()` gives the events of the complete lines of the chunk
 * read (at most `maxBatchSize`, never empty), so a consumer pays one promise per batch, not per event.
 * Same errors (events before a bad line come first, in their own batch), line numbers, limits, validation and abort.
 */
export function parseJsonlBatches(source: JsonlSource, options: ParseJsonlBatchesOptions = {}): JsonlEventBatches {
  const max = options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE;
  if (!Number.isSafeInteger(max) || max < 1) {
    throw new RangeError(`parseJsonlBatches: maxBatchSize must be a positive integer number of events, got ${max}`);
  }
  return reader(
    source,
    options,
    'parseJsonlBatches',
    (parser, chunks) => new BatchIterator(parser, chunks, options.signal, max),
  );
}

/** Checks the options and builds the parser and counters shared by both forms; `iterate` makes the iterator, once. */
function reader<T>(
  source: JsonlSource,
  options: ParseJsonlOptions,
  caller: string,
  iterate: (parser: LineParser, chunks: AsyncGenerator<Uint8Array>) => AsyncIterator<T>,
): AsyncIterable<T> & { stats: JsonlStats; errors: JsonlParseError[] } {
  const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  if (!Number.isSafeInteger(maxLineLength) || maxLineLength < 1) {
    throw new RangeError(`${caller}: maxLineLength must be a positive integer number of bytes, got ${maxLineLength}`);
  }
  const stats: JsonlStats = { lines: 0, events: 0, skipped: 0, blank: 0, bytes: 0 };
  const errors: JsonlParseError[] = [];
  const parser = new LineParser(
    {
      validate: options.validate ?? true,
      maxLineLength,
      onInvalid: options.onInvalid ?? 'throw',
      maxErrors: options.maxErrors ?? 1000,
    },
    stats,
    errors,
  );
  let started = false;
  return {
    stats,
    errors,
    [Symbol.asyncIterator]() {
      if (started) throw new TypeError(`${caller}: these events were already iterated; a stream can be read only once`);
      started = true;
      return iterate(parser, byteChunks(source, options.signal));
    },
  };
}

/**
 * Pulls chunks into the parser as the consumer asks: `ready()` is what the current chunk already
 * gives (an event, a batch) without waiting; only when it gives nothing is the next chunk read.
 */
abstract class ChunkPump<T> implements AsyncIterableIterator<T> {
  private ended = false;
  private closed = false;

  constructor(
    protected readonly parser: LineParser,
    private readonly chunks: AsyncGenerator<Uint8Array>,
    private readonly signal: AbortSignal | undefined,
  ) {}

  /** What the current chunk gives without reading another, or undefined. */
  protected abstract ready(): T | undefined;

  next(): Promise<IteratorResult<T, undefined>> {
    // Events already parsed are not handed out after abort(): the caller has stopped listening.
    if (this.signal?.aborted && !this.closed) return this.abort(this.signal);
    const value = this.closed ? undefined : this.ready();
    if (value !== undefined) return Promise.resolve({ value, done: false });
    return this.fill();
  }

  async return(): Promise<IteratorResult<T, undefined>> {
    await this.close();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private async fill(): Promise<IteratorResult<T, undefined>> {
    for (;;) {
      // Events before a bad line come out first; then its error is thrown, once.
      const failure = this.parser.failure;
      if (failure) {
        this.parser.failure = undefined;
        await this.close();
        throw failure;
      }
      if (this.ended || this.closed) return { value: undefined, done: true };
      const chunk = await this.chunks.next();
      if (this.signal?.aborted) return this.abort(this.signal);
      if (chunk.done) {
        this.ended = true;
        this.parser.end();
      } else {
        this.parser.push(chunk.value);
      }
      const value = this.ready();
      if (value !== undefined) return { value, done: false };
    }
  }

  /** Stops the source and rejects with the AbortError of the signal. */
  private async abort(signal: AbortSignal): Promise<never> {
    this.parser.failure = undefined;
    await this.close();
    throw new AbortError(signal.reason);
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Stops the source: a Response body or file stream is cancelled rather than read to the end.
    if (!this.ended) await this.chunks.return(undefined);
    this.ended = true;
  }
}

/**
 * One event per next(): a resolved promise while the current chunk has complete lines, a read of
 * the next chunk when it has none. (An async generator would add suspensions to every event.)
 */
class EventIterator extends ChunkPump<AuditEvent> {
  protected ready(): AuditEvent | undefined {
    return this.parser.take();
  }
}

/** One batch per next(): the events of the current chunk's complete lines, up to `max`. */
class BatchIterator extends ChunkPump<AuditEvent[]> {
  constructor(
    parser: LineParser,
    chunks: AsyncGenerator<Uint8Array>,
    signal: AbortSignal | undefined,
    private readonly max: number,
  ) {
    super(parser, chunks, signal);
  }

  protected ready(): AuditEvent[] | undefined {
    const parser = this.parser;
    const first = parser.take();
    if (first === undefined) return undefined;
    const batch = [first];
    while (batch.length < this.max) {
      const event = parser.take();
      if (event === undefined) break;
      batch.push(event);
    }
    return batch;
  }
}
