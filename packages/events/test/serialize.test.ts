import { describe, expect, it } from 'vitest';
import { parseJsonl, serializeEvent, toJsonl, toJsonlStream } from '../src/index.js';
import { collect, sampleEvent } from './helpers.js';

describe('serializeEvent', () => {
  it('writes one line, escaping newlines inside values', () => {
    const line = serializeEvent(sampleEvent({ attributes: { cmd: 'a\nb\r\nc\u2028' } }));
    expect(line).not.toMatch(/[\n\r]/);
  });

  it('refuses values that are not objects, and invalid events when asked to validate', () => {
    expect(() => serializeEvent(undefined)).toThrow(TypeError);
    expect(() => serializeEvent([1])).toThrow(TypeError);
    expect(() => serializeEvent({ name: 'x' }, { validate: true })).toThrow(/not a valid AuditEvent/);
  });
});

describe('toJsonl', () => {
  it('ends every line with LF', () => {
    const events = [sampleEvent(), sampleEvent({ actorId: '2' })];
    expect(toJsonl(events)).toBe(`${JSON.stringify(events[0])}\n${JSON.stringify(events[1])}\n`);
    expect(toJsonl([])).toBe('');
  });
});

describe('toJsonlStream', () => {
  it('streams an async iterable lazily and round-trips with parseJsonl', async () => {
    async function* many() {
      for (let i = 0; i < 500; i++) yield sampleEvent({ actorId: String(i) });
    }
    const parsed = await collect(parseJsonl(toJsonlStream(many())));
    expect(parsed.map((event) => event.actorId)).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
  });

  it('stops the source iterable when the stream is cancelled', async () => {
    let stopped = false;
    function* endless() {
      try {
        for (;;) yield sampleEvent();
      } finally {
        stopped = true;
      }
    }
    const reader = toJsonlStream(endless()).getReader();
    await reader.read();
    await reader.cancel();
    expect(stopped).toBe(true);
  });
});
