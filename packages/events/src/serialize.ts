import { boundedJson, MAX_JSON_DEPTH, nestsWithin } from './bounded-json.js';
import { DEFAULT_MAX_LINE_LENGTH } from './parse-jsonl.js';
import { utf8Length } from './utf8.js';
import { validateEvent } from './validate.js';

/** Options of the serializers. */
export interface SerializeOptions {
  /** Check each event against the AuditEvent schema first (default false); an invalid one throws a TypeError. */
  readonly validate?: boolean;
  /**
   * Longest line in UTF-8 bytes (default 1 MiB, parseJsonl's default; at least 64): what would go past it is cut
   * and marked `[…]`, so that every line written can be read back with the same `maxLineLength`.
   */
  readonly maxLineLength?: number;
}

/**
 * One event as one JSON Lines line, without the trailing newline. Never throws for an object (a parsed line of
 * any depth or size included): nesting deeper than MAX_JSON_DEPTH and bytes past `maxLineLength` are cut with
 * the TRUNCATION_MARKER. A value that is not an object, or an invalid event with `validate`, is a TypeError.
 */
export function serializeEvent(event: unknown, options: SerializeOptions = {}): string {
  const maxBytes = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 64) {
    throw new RangeError(
      `serializeEvent: maxLineLength must be an integer number of bytes of at least 64, got ${maxBytes}`,
    );
  }
  if (options.validate) {
    const result = validateEvent(event);
    if (!result.valid) {
      const summary = result.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
      throw new TypeError(`serializeEvent: not a valid AuditEvent (${summary})`);
    }
  }
  let line: string | undefined;
  try {
    // The fast path: native, and exact for every ordinary event. JSON.stringify escapes LF inside strings,
    // so one event is always exactly one line.
    line = JSON.stringify(event);
  } catch {
    // Nested deeper than the stack allows, a BigInt, a cycle: the bounded writer below handles each.
    line = undefined;
  }
  if (line !== undefined && line[0] !== '{') {
    throw new TypeError(`serializeEvent: expected a plain object, got ${line.slice(0, 40)}`);
  }
  if (line === undefined && (typeof event !== 'object' || event === null || Array.isArray(event))) {
    throw new TypeError(`serializeEvent: expected a plain object, got ${typeof event}`);
  }
  // A UTF-16 unit is 1 to 3 UTF-8 bytes: count bytes only when the length could be over.
  if (
    line !== undefined &&
    (line.length * 3 <= maxBytes || (line.length <= maxBytes && utf8Length(line) <= maxBytes)) &&
    nestsWithin(line, MAX_JSON_DEPTH)
  ) {
    return line;
  }
  return boundedJson(event, { maxDepth: MAX_JSON_DEPTH, maxLength: maxBytes, utf8: true }) as string;
}

/** Events as a JSON Lines document: each event on its own line, every line ending in LF. */
export function toJsonl(events: Iterable<unknown>, options: SerializeOptions = {}): string {
  let out = '';
  for (const event of events) out += `${serializeEvent(event, options)}\n`;
  return out;
}

/** Bytes gathered before a chunk is enqueued, so a stream of small events is not a stream of tiny chunks. */
const CHUNK_TARGET = 64 * 1024;

/** Events as a UTF-8 JSON Lines byte stream (for a Response body, a file, an upload), pulled lazily. */
export function toJsonlStream(
  events: Iterable<unknown> | AsyncIterable<unknown>,
  options: SerializeOptions = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let iterator: Iterator<unknown> | AsyncIterator<unknown> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        iterator ??= Symbol.asyncIterator in events ? events[Symbol.asyncIterator]() : events[Symbol.iterator]();
        let text = '';
        while (text.length < CHUNK_TARGET) {
          const next = await iterator.next();
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text));
            controller.close();
            return;
          }
          text += `${serializeEvent(next.value, options)}\n`;
        }
        controller.enqueue(encoder.encode(text));
      },
      async cancel(reason) {
        await iterator?.return?.(reason);
      },
    },
    { highWaterMark: 1 },
  );
}
