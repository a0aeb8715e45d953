import { validateEvent } from './validate.js';

/** Options of the serializers. */
export interface SerializeOptions {
  /** Check each event against the AuditEvent schema first (default false); an invalid one throws a TypeError. */
  readonly validate?: boolean;
}

/** One event as one JSON Lines line, without the trailing newline. */
export function serializeEvent(event: unknown, options: SerializeOptions = {}): string {
  if (options.validate) {
    const result = validateEvent(event);
    if (!result.valid) {
      const summary = result.issues.map((issue) => `${issue.path} ${issue.message}`).join('; ');
      throw new TypeError(`serializeEvent: not a valid AuditEvent (${summary})`);
    }
  }
  // JSON.stringify escapes LF inside strings, so one event is always exactly one line.
  const line = JSON.stringify(event);
  if (typeof line !== 'string' || line[0] !== '{') {
    throw new TypeError(
      `serializeEvent: expected a plain object, got ${line === undefined ? typeof event : line.slice(0, 40)}`,
    );
  }
  return line;
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
