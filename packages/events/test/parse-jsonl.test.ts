import { describe, expect, it } from 'vitest';
import { JsonlParseError, parseJsonl, serializeEvent } from '../src/index.js';
import { chunked, collect, sampleEvent, utf8 } from './helpers.js';

const a = sampleEvent({ eventId: '00000000-0000-4000-8000-000000000001', username: 'zoë' });
const b = sampleEvent({ eventId: '00000000-0000-4000-8000-000000000002', attributes: { cmd: '日本語 🎉' } });
const lineA = serializeEvent(a);
const lineB = serializeEvent(b);

async function failure(promise: Promise<unknown>): Promise<JsonlParseError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(JsonlParseError);
  return error as JsonlParseError;
}

describe('parseJsonl', () => {
  it('reads a ReadableStream, an async iterable, a Response, a string and bytes alike', async () => {
    const text = `${lineA}\n${lineB}\n`;
    const sources = [
      new Response(text).body as ReadableStream<Uint8Array>,
      chunked(utf8(text), [7, 300]),
      new Response(text),
      text,
      utf8(text),
      [lineA, '\n', lineB, '\n'],
    ];
    for (const source of sources) expect(await collect(parseJsonl(source))).toEqual([a, b]);
  });

  it('joins lines and multi-byte UTF-8 characters split across chunks', async () => {
    const bytes = utf8(`${lineA}\n${lineB}\n`);
    const emoji = bytes.indexOf(0xf0); // first byte of a 4-byte character
    const cuts = [1, emoji + 1, emoji + 2, emoji + 3, bytes.indexOf(0x0a) + 1, bytes.length - 1];
    expect(await collect(parseJsonl(chunked(bytes, cuts)))).toEqual([a, b]);
  });

  it('accepts LF and CRLF line endings, mixed', async () => {
    expect(await collect(parseJsonl(`${lineA}\r\n${lineB}\n`))).toEqual([a, b]);
  });

  it('drops a UTF-8 byte order mark at the start, even split across chunks', async () => {
    const bytes = utf8(`\uFEFF${lineA}\n`);
    expect(await collect(parseJsonl(chunked(bytes, [1, 2])))).toEqual([a]);
  });

  it('passes over blank and whitespace-only lines, counting them', async () => {
    const events = parseJsonl(`\n${lineA}\n\n  \t\r\n${lineB}\n\n`);
    expect(await collect(events)).toEqual([a, b]);
    expect(events.stats).toMatchObject({ lines: 6, events: 2, blank: 4, skipped: 0 });
  });

  it('reads a last line without a newline', async () => {
    expect(await collect(parseJsonl(`${lineA}\n${lineB}`))).toEqual([a, b]);
    expect(await collect(parseJsonl(chunked(utf8(`${lineA}\n${lineB}\r`), [10])))).toEqual([a, b]);
  });

  it('reports a stream that ends inside a line as TRUNCATED, after the complete events', async () => {
    const seen: unknown[] = [];
    const text = `${lineA}\n${lineB.slice(0, 50)}`;
    const error = await failure(
      (async () => {
        for await (const event of parseJsonl(chunked(utf8(text), [20]))) seen.push(event);
      })(),
    );
    expect(seen).toEqual([a]);
    expect(error).toMatchObject({ code: 'TRUNCATED', line: 2, byteOffset: utf8(lineA).length + 1 });
  });

  it('reports TRUNCATED even when bad lines are skipped: a cut stream is never silently dropped', async () => {
    const error = await failure(collect(parseJsonl(`${lineA}\n{"timestamp":`, { onInvalid: 'skip' })));
    expect(error.code).toBe('TRUNCATED');
  });

  it('names the line number and byte offset of a malformed line, with a redacted excerpt', async () => {
    const secret = 'eyJhbGciOiJSUzI1NiJ9.eyJjb21wYW55IjoiYWNtZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const bad = `{"api_token": "${secret}", oops}`;
    const error = await failure(collect(parseJsonl(`${lineA}\n\n${bad}\n${lineB}\n`)));
    expect(error).toMatchObject({ code: 'MALFORMED_JSON', line: 3, byteOffset: utf8(lineA).length + 2 });
    expect(error.message).toContain('Line 3 (byte offset');
    expect(error.excerpt).toContain('[REDACTED');
    expect(error.message).not.toContain(secret.slice(0, 20));
    expect(error.excerpt).not.toContain(secret.slice(0, 20));
  });

  it('reports an event that breaks the schema as INVALID_EVENT with its issues', async () => {
    const bad = serializeEvent({ ...a, eventId: 'not-a-uuid' });
    const error = await failure(collect(parseJsonl(`${bad}\n`)));
    expect(error).toMatchObject({ code: 'INVALID_EVENT', line: 1, byteOffset: 0 });
    expect(error.issues[0]?.path).toBe('/eventId');
  });

  it('reports a line that is JSON but not an object as INVALID_EVENT, even without validation', async () => {
    const error = await failure(collect(parseJsonl('[1,2]\n', { validate: false })));
    expect(error.code).toBe('INVALID_EVENT');
  });

  it('skips schema checks with validate: false', async () => {
    expect(await collect(parseJsonl('{"name":"anything"}\n', { validate: false }))).toEqual([{ name: 'anything' }]);
  });

  it('reports invalid UTF-8 as INVALID_UTF8', async () => {
    const bytes = new Uint8Array([...utf8('{"name":"'), 0xff, ...utf8('"}\n')]);
    expect((await failure(collect(parseJsonl(bytes)))).code).toBe('INVALID_UTF8');
  });

  it('rejects a line over maxLineLength without buffering it whole', async () => {
    const long = serializeEvent({ ...a, attributes: { blob: 'x'.repeat(5000) } });
    const error = await failure(
      collect(parseJsonl(chunked(utf8(`${lineA}\n${long}\n`), [600, 1200, 2400]), { maxLineLength: 1000 })),
    );
    expect(error).toMatchObject({ code: 'LINE_TOO_LONG', line: 2 });
    const inOneChunk = await failure(collect(parseJsonl(`${long}\n`, { maxLineLength: 1000 })));
    expect(inOneChunk).toMatchObject({ code: 'LINE_TOO_LONG', line: 1 });
  });

  it('measures maxLineLength and byte offsets in bytes, not characters, for non-ASCII lines in one chunk', async () => {
    // 400 characters of 3 bytes each: 1,200 bytes, over a 1,000-byte limit in fewer than 1,000 characters.
    const wide = serializeEvent({ ...a, attributes: { note: '語'.repeat(400) } });
    const text = `${lineA}\r\n${lineB}\n${wide}\n{"broken": \n${lineB}\n`;
    const events = parseJsonl(text, { maxLineLength: 1000, onInvalid: 'collect' });
    expect(await collect(events)).toEqual([a, b, b]);
    const offset = (lines: string) => utf8(lines).length;
    expect(events.errors.map((error) => [error.code, error.line, error.byteOffset])).toEqual([
      ['LINE_TOO_LONG', 3, offset(`${lineA}\r\n${lineB}\n`)],
      ['MALFORMED_JSON', 4, offset(`${lineA}\r\n${lineB}\n${wide}\n`)],
    ]);
    const fits = parseJsonl(`${lineB}\n${wide}\n`, { maxLineLength: utf8(wide).length });
    expect(await collect(fits)).toHaveLength(2);
  });

  it('skips bad lines with onInvalid: skip and counts them', async () => {
    const long = serializeEvent({ ...a, attributes: { blob: 'x'.repeat(3000) } });
    const text = `${lineA}\n{oops\n${long}\n${serializeEvent({ name: 'x' })}\n${lineB}\n`;
    const events = parseJsonl(chunked(utf8(text), [700, 1500]), { onInvalid: 'skip', maxLineLength: 1000 });
    expect(await collect(events)).toEqual([a, b]);
    expect(events.stats).toMatchObject({ lines: 5, events: 2, skipped: 3 });
    expect(events.errors).toEqual([]);
  });

  it('collects bad lines with onInvalid: collect, in stream order and up to maxErrors', async () => {
    const events = parseJsonl(`{oops\n${lineA}\n[]\n{"x":1}\n`, { onInvalid: 'collect', maxErrors: 2 });
    expect(await collect(events)).toEqual([a]);
    expect(events.errors.map((error) => [error.code, error.line])).toEqual([
      ['MALFORMED_JSON', 1],
      ['INVALID_EVENT', 3],
    ]);
    expect(events.stats.skipped).toBe(3);
  });

  it('refuses a non-2xx Response with HTTP_STATUS and the status', async () => {
    const error = await failure(collect(parseJsonl(new Response('{"status":404}', { status: 404 }))));
    expect(error).toMatchObject({ code: 'HTTP_STATUS', status: 404 });
  });

  it('stops and cancels the source when the signal aborts', async () => {
    const controller = new AbortController();
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(utf8(`${lineA}\n`));
      },
      cancel() {
        cancelled = true;
      },
    });
    const events = parseJsonl(stream, { signal: controller.signal });
    const iterator = events[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(a);
    const pending = iterator.next();
    controller.abort(new Error('user gave up'));
    await expect(pending).rejects.toThrow('user gave up');
    expect(cancelled).toBe(true);
  });

  it('cancels the source when the consumer stops early', async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        c.enqueue(utf8(`${lineA}\n`));
      },
      cancel() {
        cancelled = true;
      },
    });
    for await (const _event of parseJsonl(stream)) break;
    expect(cancelled).toBe(true);
  });

  it('can be iterated only once', async () => {
    const events = parseJsonl(`${lineA}\n`);
    await collect(events);
    expect(() => events[Symbol.asyncIterator]()).toThrow(TypeError);
  });

  it('counts bytes read', async () => {
    const events = parseJsonl(`${lineA}\n`);
    await collect(events);
    expect(events.stats.bytes).toBe(utf8(lineA).length + 1);
  });
});
