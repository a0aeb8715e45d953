import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ESM script without types.
import { fastValidatorSource } from '../scripts/fast-validator.mjs';
// @ts-expect-error -- a plain ESM script without types.
import { auditEventSchema, loadSpec } from '../scripts/generate.mjs';
import { checkAuditEventSchema, validateAuditEventSchema } from '../src/generated/validate.gen.js';
import { sampleEvent } from './helpers.js';

/** Ajv compiled at test time from the spec, as the reference the generated checks must agree with. */
const reference = new Ajv2020({ strict: true, validateFormats: false }).compile(auditEventSchema(loadSpec().document));

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
/** Timestamps near both accepted forms, often valid, often off by one character. */
const timestamp = fc.oneof(
  fc
    .tuple(
      digits(4),
      digits(2),
      digits(2),
      fc.constantFrom('T', 't', ' ', 'X'),
      digits(2),
      digits(2),
      digits(2),
      fc.constantFrom('', '.1', '.123456789', '.1234567890', '.'),
      fc.constantFrom('Z', 'z', '+05:30', '-0800', '+2400', '-23:59', '', 'ZZ'),
    )
    .map(([y, mo, d, sep, h, mi, s, frac, zone]) => `${y}-${mo}-${d}${sep}${h}:${mi}:${s}${frac}${zone}`),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
  fc.string({ maxLength: 30 }),
);
const hex = (n: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFg'), minLength: n, maxLength: n });
const uuid = fc.oneof(
  fc.uuid(),
  fc.tuple(hex(8), hex(4), hex(4), hex(4), hex(12)).map((parts) => parts.join('-')),
  fc.string({ maxLength: 40 }),
);
const name = fc.oneof(
  fc.constantFrom('user-login', 'USER_LOGIN', 'a', '', '-x', 'x-', 'a.b_c-d', 'a..b', '1abc', 'ab\u00e9'),
  fc.string({ unit: fc.constantFrom(...'aZ09_.-é'), maxLength: 12 }),
);
const url = fc.oneof(fc.constantFrom('http://x', 'https://x', 'ftp://x', 'HTTP://x', 'https:/x', ''), fc.webUrl());
/** Anything JSON can hold, for fields given the wrong type. */
const anything = fc.jsonValue({ maxDepth: 2 });

/** Events built from the spec's sample with fields replaced, dropped or mistyped at random. */
const candidate = fc
  .record(
    {
      timestamp,
      dateTime: timestamp,
      eventId: uuid,
      name,
      instanceUrl: url,
      actorId: fc.oneof(fc.string({ maxLength: 5 }), anything),
      attributes: fc.oneof(fc.dictionary(fc.string({ maxLength: 5 }), anything, { maxKeys: 3 }), anything),
    },
    { requiredKeys: [] },
  )
  .chain((overrides) =>
    fc.tuple(
      fc.constant(overrides),
      fc.subarray(Object.keys(sampleEvent())),
      fc.subarray(Object.keys(sampleEvent()), { maxLength: 2 }),
      anything,
    ),
  )
  .map(([overrides, keep, mistype, wrong]) => {
    const event: Record<string, unknown> = { ...sampleEvent(), ...overrides };
    // Mostly complete events: a missing field is one of the cases, not the common one.
    if (keep.length < 3) for (const key of Object.keys(event)) if (!keep.includes(key)) delete event[key];
    for (const key of mistype) event[key] = wrong;
    return JSON.parse(JSON.stringify(event)) as unknown;
  });

const springForm = fc
  .date({ min: new Date('1000-01-01'), max: new Date('9999-12-31'), noInvalidDate: true })
  .map((date) => `${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)}-0800`);
/** Events that should pass: the sample with valid values of every patterned field. */
const validish = fc
  .record({
    timestamp: fc.oneof(
      springForm,
      fc.date({ noInvalidDate: true, min: new Date(0), max: new Date('9999-12-31') }).map((d) => d.toISOString()),
    ),
    dateTime: fc
      .date({ noInvalidDate: true, min: new Date(0), max: new Date('9999-12-31') })
      .map((d) => d.toISOString()),
    eventId: fc.uuid(),
    name: fc.constantFrom('user-login', 'USER_LOGIN', 'a', 'a.b_c-d', 'brand-new-event'),
    attributes: fc.dictionary(fc.string({ maxLength: 5 }), anything, { maxKeys: 3 }),
  })
  .map((overrides) => JSON.parse(JSON.stringify({ ...sampleEvent(), ...overrides })) as unknown);

describe('checkAuditEventSchema (the generated yes/no check)', () => {
  it('agrees with Ajv compiled from the spec on random valid and invalid events', () => {
    let valid = 0;
    fc.assert(
      fc.property(fc.oneof(validish, candidate, anything), (value) => {
        const expected = reference(value);
        if (expected) valid++;
        expect(checkAuditEventSchema(value)).toBe(expected);
        expect(validateAuditEventSchema(value)).toBe(expected);
      }),
      { seed: 1813, numRuns: 2000, verbose: 1 },
    );
    // Both outcomes must be well represented for the agreement to mean something.
    expect(valid).toBeGreaterThan(200);
    expect(valid).toBeLessThan(1800);
    // About 2 s alone; npm test runs it beside browser and registry suites on 2 cores.
  }, 90_000);

  it('agrees whichever timestamp form came before (its anyOf tries the last match first)', () => {
    for (const order of [
      ['2024-01-01 11:30:00-0800', '2024-09-16T05:00:00z', 'yesterday'],
      ['2024-09-16T05:00:00z', '2024-01-01 11:30:00-0800', '2024-13-01 11:30:00-0800'],
    ]) {
      for (const timestamp of order) {
        const event = sampleEvent({ timestamp });
        expect(checkAuditEventSchema(event)).toBe(reference(event));
      }
    }
  });

  it('judges every timestamp on its own, though it remembers the last one it accepted', () => {
    const time = '2024-09-26T12:34:15.884Z';
    const cases = [
      { timestamp: time, dateTime: time },
      { timestamp: time, dateTime: `${time}x` },
      { timestamp: `${time}x`, dateTime: time },
      { timestamp: time, dateTime: time },
      { timestamp: time, dateTime: 42 },
    ];
    expect(cases.map((fields) => checkAuditEventSchema(sampleEvent(fields)))).toEqual([
      true,
      false,
      false,
      true,
      false,
    ]);
    expect(cases.map((fields) => reference(sampleEvent(fields)))).toEqual([true, false, false, true, false]);
  });

  it('refuses to generate for a keyword it does not know, rather than check less', () => {
    const schema = { $defs: {}, type: 'object', properties: { a: { type: 'string', enum: ['x'] } } };
    expect(() => fastValidatorSource(schema, 'check')).toThrow(/keyword "enum"/);
  });
});
