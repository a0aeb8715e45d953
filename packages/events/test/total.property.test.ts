import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nestsWithin } from '../src/bounded-json.js';
import {
  type AuditEvent,
  catalog,
  DEFAULT_MAX_LINE_LENGTH,
  formatMessage,
  formatValue,
  MAX_JSON_DEPTH,
  MAX_VALUE_LENGTH,
  parseJsonl,
  serializeEvent,
  TRUNCATION_MARKER,
} from '../src/index.js';
import { utf8Length } from '../src/utf8.js';
import { collect, sampleEvent } from './helpers.js';

// Fixed seed, bounded runs: fast-check prints the seed and the counterexample's path on failure.
const SEED = 230_023;

/** JSON text nesting `depth` arrays or objects around a 0 (JSON.parse builds it; JSON.stringify could not). */
const nested = (depth: number, array: boolean) =>
  array ? `${'['.repeat(depth)}0${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}0${'}'.repeat(depth)}`;

/** The text of one JSON value a hostile or broken server could send. */
const valueText = fc.oneof(
  { weight: 6, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'null') },
  {
    weight: 2,
    arbitrary: fc
      .record({ depth: fc.integer({ min: 1, max: 12_000 }), array: fc.boolean() })
      .map(({ depth, array }) => nested(depth, array)),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        length: fc.integer({ min: 0, max: 700_000 }),
        unit: fc.constantFrom('a', 'é', '日', '🎉', '"', '\n', '\\', '\u0001', '\ud800'),
      })
      .map(({ length, unit }) => JSON.stringify(unit.repeat(length))),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":1},"toString":1,"valueOf":{},"constructor":"x","toJSON":2}',
      '{"toString":1}',
      '[1e400,-0,1e21,5e-324]',
      '{"__proto__":[{"__proto__":null}]}',
    ),
  },
);

/** Keys of an event or its attributes: the schema's fields, the catalog's placeholders and prototype names. */
const keys = fc.constantFrom(
  'name',
  'attributes',
  'timestamp',
  'eventId',
  'username',
  'user',
  'method',
  'cmd',
  '__proto__',
  'toString',
  'constructor',
  'toJSON',
);
const objectText = (entries: [string, string][]) =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;
const attributesText = fc
  .array(fc.tuple(keys, valueText), { maxLength: 4 })
  .map(objectText)
  .chain((text) => fc.constantFrom(text, 'null', '[]', '"text"'));
const nameText = fc.oneof(
  fc.constantFrom(...catalog.map((entry) => JSON.stringify(entry.lineName))),
  fc.constantFrom(...catalog.map((entry) => JSON.stringify(entry.name))),
  valueText,
);

/** What a parser with `validate: false` can hand over: any JSON object, here with hostile fields. */
const lines = fc
  .record({
    name: nameText,
    attributes: attributesText,
    more: fc.array(fc.tuple(keys, valueText), { maxLength: 3 }),
  })
  .map(({ name, attributes, more }) => objectText([['name', name], ['attributes', attributes], ...more]));

/** Deepest nesting of a parsed value (iterative: the value may be deeper than the stack). */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    max = Math.max(max, depth);
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return max;
}

/** Placeholders of the event's template, if the catalog knows its name. */
function placeholders(event: Record<string, unknown>): { template: string; count: number } | undefined {
  const entry = catalog.find((e) => e.lineName === event.name || e.name === event.name);
  return entry && { template: entry.template, count: entry.template.match(/\{[^{}]+\}/g)?.length ?? 0 };
}

describe('formatMessage, formatValue and serializeEvent are total (property)', () => {
  it('return a bounded string for anything a parser with validate: false produces, and never throw', async () => {
    await fc.assert(
      fc.asyncProperty(lines, fc.constantFrom(64, 1000, DEFAULT_MAX_LINE_LENGTH), async (line, maxLineLength) => {
        const [event] = await collect(parseJsonl(line, { validate: false, maxLineLength: 4 * 1024 * 1024 }));
        const record = event as unknown as Record<string, unknown>;

        const message = formatMessage(event as AuditEvent);
        expect(typeof message).toBe('string');
        const known = placeholders(record);
        if (known) expect(message.length).toBeLessThanOrEqual(known.template.length + known.count * MAX_VALUE_LENGTH);
        else expect(message.length).toBeLessThanOrEqual(MAX_VALUE_LENGTH);
        for (const value of Object.values(record))
          expect(formatValue(value).length).toBeLessThanOrEqual(MAX_VALUE_LENGTH);

        const out = serializeEvent(event, { maxLineLength });
        expect(utf8Length(out)).toBeLessThanOrEqual(maxLineLength);
        expect(out).not.toMatch(/[\n\r]/);
        expect(nestsWithin(out, MAX_JSON_DEPTH)).toBe(true);
        // What it writes, parseJsonl reads back with the same maxLineLength, as one event.
        const back = await collect(parseJsonl(`${out}\n`, { validate: false, maxLineLength }));
        expect(back).toHaveLength(1);
        // Nothing cut: exactly the event (as JSON has it: no -0, no Infinity). Within the bounds: nothing is cut.
        if (!out.includes(TRUNCATION_MARKER)) expect(back[0]).toEqual(JSON.parse(JSON.stringify(event)));
        if (depthOf(event) <= MAX_JSON_DEPTH && utf8Length(line) <= maxLineLength / 6) {
          expect(out).toBe(JSON.stringify(event));
        }
      }),
      { seed: SEED, numRuns: 250, verbose: 1 },
    );
  }, 120_000);
});

describe('hostile events (regressions)', () => {
  const login = catalog.find((entry) => entry.template.includes('{user}'));
  if (!login) throw new Error('the catalog has no template with {user}');

  it('an accepted event whose attribute nests 5,000 deep (a 10 kB line): bounded text, no RangeError', async () => {
    const line = JSON.stringify(sampleEvent({ name: login.lineName, attributes: { user: 0 } })).replace(
      '"user":0',
      `"user":${nested(5000, true)}`,
    );
    expect(line.length).toBeLessThan(11_000);
    const [event] = await collect(parseJsonl(line));
    if (!event) throw new Error('the line was not accepted');
    const message = formatMessage(event);
    // The attribute's value is level 1 of what formatValue renders: 64 levels, then the marker.
    expect(message).toContain(`${'['.repeat(MAX_JSON_DEPTH)}"${TRUNCATION_MARKER}"${']'.repeat(MAX_JSON_DEPTH)}`);
    expect(message).not.toContain('['.repeat(MAX_JSON_DEPTH + 1));
    const out = serializeEvent(event);
    const back = JSON.parse(out) as { attributes: { user: unknown } };
    // The event is level 1 and attributes level 2: the array holds MAX_JSON_DEPTH - 2 levels, then the marker.
    expect(depthOf(back)).toBe(MAX_JSON_DEPTH);
    expect(JSON.stringify(back.attributes.user)).toBe(
      `${'['.repeat(MAX_JSON_DEPTH - 2)}"${TRUNCATION_MARKER}"${']'.repeat(MAX_JSON_DEPTH - 2)}`,
    );
    expect({ ...back, attributes: {} }).toEqual({ ...event, attributes: {} });
  });

  it('an object name with validate: false renders as JSON, no TypeError', async () => {
    const [event] = await collect(parseJsonl('{"name":{"toString":1},"attributes":{}}', { validate: false }));
    expect(formatMessage(event as AuditEvent)).toBe('{"toString":1}');
    expect(serializeEvent(event)).toBe('{"name":{"toString":1},"attributes":{}}');
  });

  it('cuts a huge value with the marker, keeping the start (and whole surrogate pairs)', () => {
    const huge = `${'🎉'.repeat(400)}${'x'.repeat(5000)}`;
    const message = formatMessage(sampleEvent({ name: login.lineName, attributes: { user: huge } }));
    expect(message.length).toBeLessThanOrEqual(login.template.length + MAX_VALUE_LENGTH);
    expect(message).toContain(`${'🎉'.repeat(400)}${'x'.repeat(100)}`);
    expect(message).toContain(TRUNCATION_MARKER);
    expect(formatValue('🎉'.repeat(MAX_VALUE_LENGTH))).toBe(
      `${'🎉'.repeat((MAX_VALUE_LENGTH - TRUNCATION_MARKER.length - 1) / 2)}${TRUNCATION_MARKER}`,
    );
    const line = serializeEvent(sampleEvent({ attributes: { note: huge } }), { maxLineLength: 2000 });
    expect(utf8Length(line)).toBeLessThanOrEqual(2000);
    expect((JSON.parse(line) as { attributes: { note: string } }).attributes.note).toMatch(/^(🎉)+x*\[…\]$/);
  });

  it('keeps __proto__ keys as data, and throws only where it says', () => {
    const event = JSON.parse('{"name":"x","attributes":{"__proto__":{"a":1}}}') as AuditEvent;
    expect(serializeEvent(event)).toBe('{"name":"x","attributes":{"__proto__":{"a":1}}}');
    expect(() => serializeEvent(sampleEvent(), { maxLineLength: 10 })).toThrow(RangeError);
    const cyclic: Record<string, unknown> = { name: 'x', big: 10n };
    cyclic.self = cyclic;
    expect(nestsWithin(serializeEvent(cyclic), MAX_JSON_DEPTH)).toBe(true);
    expect(serializeEvent(cyclic)).toMatch(/^\{"name":"x","big":10,"self":\{"name":"x","big":10,"self":/);
    const hostile = {
      get name(): string {
        throw new Error('getter');
      },
    };
    expect(formatMessage(hostile as unknown as AuditEvent)).toBe(TRUNCATION_MARKER);
  });
});
