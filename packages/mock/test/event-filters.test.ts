// The create filters, as the spec declares them (x-filter): parsed from the query string, applied to
// events and echoed in params, every one of them, with no list of filter names in the mock.
import { describe, expect, it } from 'vitest';
import { eventMatcher, filterParams, hasFilters, parseFilters } from '../src/data/event-filters.js';
import { auditQuery as facts } from '../src/generated/spec-facts.gen.js';
import { type AuditEvent, generateEvents } from '../src/index.js';
import { NOW } from './helpers.js';

const DAY = 86_400_000;
const events = [
  ...generateEvents({ seed: 5, tenantId: 'acme', nowMs: NOW, retentionDays: 120, startMs: NOW - 2 * DAY, endMs: NOW }),
];
// An event with several attributes, all strings without commas (what a pair filter can carry).
const event = events.find(
  (e) =>
    Object.keys(e.attributes).length > 1 &&
    Object.values(e.attributes).every((v) => typeof v === 'string' && v !== '' && !v.includes(',')),
) as AuditEvent;
const query = (entries: Record<string, string>) => new URLSearchParams(entries);

/** A query string setting every filter of the spec to what `event` holds, and the filters it should parse to. */
function everyFilterOf(e: AuditEvent) {
  const params: Record<string, string> = {};
  const parsed: Record<string, unknown> = {};
  for (const filter of facts.filters) {
    const value = (e as unknown as Record<string, unknown>)[filter.field];
    if (filter.match === 'pairs') {
      const entries = Object.entries(value as Record<string, unknown>).map(([n, v]) => [n, String(v)] as const);
      params[filter.names] = entries.map(([n]) => n).join(',');
      params[filter.values] = entries.map(([, v]) => v).join(',');
      parsed[filter.field] = entries;
    } else {
      params[filter.parameter] = String(value);
      parsed[filter.field] = String(value);
    }
  }
  return { params, parsed };
}

describe('parseFilters', () => {
  it('reads every filter the spec declares, under its event field', () => {
    const { params, parsed } = everyFilterOf(event);
    expect(parseFilters(query(params))).toEqual({ ok: true, filters: parsed });
    expect(Object.keys(parsed)).toEqual(facts.filters.map((f) => f.field));
  });

  it('takes an empty value as no filter and refuses pairs of unequal length', () => {
    expect(parseFilters(query({ 'f.category': '' }))).toEqual({ ok: true, filters: {} });
    const bad = parseFilters(query({ 'f.attrName': 'a,b', 'f.attrVal': 'x' }));
    expect(bad).toEqual({
      ok: false,
      message: expect.stringMatching(/^f\.attrName and f\.attrVal .*2 names and 1 values/),
    });
    expect(parseFilters(query({ 'f.attrVal': 'x' })).ok).toBe(false);
  });
});

describe('eventMatcher', () => {
  it('lets through the events every set filter matches, and only those', () => {
    const { params } = everyFilterOf(event);
    const parsed = parseFilters(query(params));
    if (!parsed.ok) throw new Error(parsed.message);
    const kept = events.filter(eventMatcher(parsed.filters));
    expect(kept).toContain(event);
    expect(kept.length).toBeLessThan(events.length / 10);
    expect(events.filter(eventMatcher(undefined))).toEqual(events);
    expect(events.filter(eventMatcher({}))).toEqual(events);
  });

  it('matches application by the whole value or its last dotted part, and only at a dot', () => {
    const app = { ...event, application: 'com.medallia.express' };
    expect(eventMatcher({ application: 'express' })(app)).toBe(true);
    expect(eventMatcher({ application: 'com.medallia.express' })(app)).toBe(true);
    expect(eventMatcher({ application: 'press' })(app)).toBe(false);
    expect(eventMatcher({ category: event.category.toUpperCase() })(event)).toBe(false);
  });

  it('compares a non-string attribute as its JSON text, a missing one never matches', () => {
    const withNumber = { ...event, attributes: { count: 3, flag: true } };
    expect(eventMatcher({ attributes: [['count', '3']] })(withNumber)).toBe(true);
    expect(
      eventMatcher({
        attributes: [
          ['flag', 'true'],
          ['count', '3'],
        ],
      })(withNumber),
    ).toBe(true);
    expect(eventMatcher({ attributes: [['count', '4']] })(withNumber)).toBe(false);
    expect(eventMatcher({ attributes: [['absent', 'undefined']] })(withNumber)).toBe(false);
  });
});

describe('hasFilters and filterParams', () => {
  it('say whether anything is set, and echo each set filter under its field, pairs as an object', () => {
    expect(hasFilters(undefined)).toBe(false);
    expect(hasFilters({})).toBe(false);
    expect(hasFilters({ attributes: [] })).toBe(false);
    for (const filter of facts.filters) {
      const value = filter.match === 'pairs' ? [['a', 'b'] as const] : 'x';
      expect(hasFilters({ [filter.field]: value }), filter.field).toBe(true);
      expect(filterParams({ [filter.field]: value })).toEqual({
        [filter.field]: filter.match === 'pairs' ? { a: 'b' } : 'x',
      });
    }
  });
});
