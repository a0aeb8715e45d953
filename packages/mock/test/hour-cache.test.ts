import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildHourLines, HourCache } from '../src/audit-query/hour-cache.js';
import { streamResult } from '../src/audit-query/result-stream.js';
import { type EventQuery, generateEvents, hourEvents } from '../src/data/audit-events.js';
import { serializeEvent } from '../src/data/catalog.js';
import { tenantProfile } from '../src/data/values.js';
import { streamBody } from '../src/http.js';
import { writeResponse } from '../src/node/adapter.js';
import { NOW } from './helpers.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HOUR0 = Math.floor((NOW - 3 * DAY) / HOUR);
const profile = tenantProfile(5, 'acme');

function jsonl(query: EventQuery): string {
  let out = '';
  for (const event of generateEvents(query)) out += `${serializeEvent(event)}\n`;
  return out;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A real server on 127.0.0.1 answering every request with streamResult(query) through `cache`. */
async function serve(query: EventQuery, cache: HourCache, dropAfter?: number): Promise<string> {
  // The engine's path: the generator as a web stream, written by the Node adapter.
  const server = createServer((_req, res) => {
    void writeResponse(new Response(streamBody(streamResult(query, cache, dropAfter))), res);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

/** The body as far as it arrived (a dropped stream ends in an error after its last bytes). */
async function body(url: string): Promise<string> {
  const res = await fetch(url);
  const decoder = new TextDecoder();
  let text = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>)
      text += decoder.decode(chunk, { stream: true });
  } catch {
    // the cut connection
  }
  return text;
}

describe('buildHourLines', () => {
  it('holds the bytes serializeEvent gives each event of the hour, with line ends and times', () => {
    const events = hourEvents(5, profile, HOUR0, 300);
    const lines = buildHourLines(5, profile, HOUR0, 300);
    expect(new TextDecoder().decode(lines.bytes)).toBe(events.map((e) => `${serializeEvent(e)}\n`).join(''));
    expect(lines.ends.length).toBe(events.length);
    expect(lines.ends.at(-1)).toBe(lines.bytes.length);
    expect([...lines.offsets].map((o) => new Date(HOUR0 * HOUR + o).toISOString())).toEqual(
      events.map((e) => e.timestamp),
    );
  });
});

describe('HourCache', () => {
  it('keeps the bytes it holds within its budget, evicting the least recently used hour', () => {
    const one = buildHourLines(5, profile, HOUR0, 50);
    const size = one.bytes.length + one.ends.byteLength + one.offsets.byteLength;
    const cache = new HourCache(Math.floor(size * 3.5));
    for (let h = HOUR0; h < HOUR0 + 6; h++) {
      cache.get(5, profile, h, 50);
      expect(cache.stats().bytes).toBeLessThanOrEqual(cache.maxBytes);
    }
    expect(cache.stats()).toMatchObject({ hits: 0, misses: 6 });
    cache.get(5, profile, HOUR0 + 5, 50); // still held: a hit, and now the most recent
    cache.get(5, profile, HOUR0, 50); // evicted long ago: built again
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 7 });
    expect(cache.stats().bytes).toBeLessThanOrEqual(cache.maxBytes);
  });

  it('builds but does not keep an hour larger than its budget, and 0 turns caching off', () => {
    for (const cache of [new HourCache(1_000), new HourCache(0)]) {
      const a = cache.get(5, profile, HOUR0, 50);
      const b = cache.get(5, profile, HOUR0, 50);
      expect(b.bytes).toEqual(a.bytes);
      expect(cache.stats()).toEqual({ entries: 0, bytes: 0, hits: 0, misses: 2 });
    }
  });

  it('tells hours of another seed, tenant or density apart', () => {
    const cache = new HourCache();
    const a = cache.get(5, profile, HOUR0, 50).bytes;
    expect(cache.get(6, profile, HOUR0, 50).bytes).not.toEqual(a);
    expect(cache.get(5, tenantProfile(5, 'other'), HOUR0, 50).bytes).not.toEqual(a);
    expect(cache.get(5, profile, HOUR0, 51).bytes).not.toEqual(a);
    expect(cache.stats().hits).toBe(0);
  });
});

describe('streamResult', () => {
  const base = { seed: 5, tenantId: 'acme', nowMs: NOW, retentionDays: 120, eventsPerHour: 120 };
  const cases: Array<[string, EventQuery]> = [
    [
      'a window cut inside its first and last hours',
      { ...base, startMs: NOW - 2 * DAY + 1_234_567, endMs: NOW - DAY - 98_765 },
    ],
    [
      'a window reaching past now and before the retention',
      { ...base, eventsPerHour: 5, startMs: NOW - 121 * DAY, endMs: NOW + DAY },
    ],
    ['a limit that ends inside an hour', { ...base, startMs: NOW - DAY, endMs: NOW, limit: 250 }],
    ['a limit of 0, which generateEvents reads as 1', { ...base, startMs: NOW - DAY, endMs: NOW, limit: 0 }],
    ['an empty window', { ...base, startMs: NOW + DAY, endMs: NOW + 2 * DAY }],
    [
      'filters, generated event by event',
      { ...base, startMs: NOW - DAY, endMs: NOW, filters: { category: 'configuration' } },
    ],
  ];

  for (const [name, query] of cases) {
    it(`streams generateEvents' bytes without, into and from the cache: ${name}`, async () => {
      const expected = jsonl(query);
      const cache = new HourCache();
      const url = await serve(query, cache);
      const cold = await body(url);
      const warm = await body(url);
      const uncached = await body(await serve(query, new HourCache(0)));
      expect(cold).toBe(expected);
      expect(warm).toBe(expected);
      expect(uncached).toBe(expected);
    });
  }

  it('cuts the connection after drop-after lines, from the cache as without it', async () => {
    const query = { ...base, startMs: NOW - DAY, endMs: NOW };
    const expected = jsonl(query).split('\n').slice(0, 333).join('\n');
    const cache = new HourCache();
    const url = await serve(query, cache, 333);
    expect(await body(url)).toBe(`${expected}\n`);
    expect(await body(url)).toBe(`${expected}\n`);
    expect(cache.stats().hits).toBeGreaterThan(0);
  });
});
