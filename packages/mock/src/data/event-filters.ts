/**
 * The create operation's filters, as the spec declares them (`x-filter` on each `f.*` parameter,
 * decision D20, generated into spec-facts): reading them from a query string, testing an event,
 * and echoing them in a job's `params`. A filter added to the spec is parsed, applied and echoed
 * with no edit here.
 */
import { auditQuery as facts } from '../generated/spec-facts.gen.js';
import type { AuditEvent } from './catalog.js';

/** One filter of the create operation. */
type Filter = (typeof facts.filters)[number];
/** A correlated pair of parameters on an object field (`f.attrName`/`f.attrVal` on `attributes`). */
type PairFilter = Extract<Filter, { match: 'pairs' }>;
/** Name/value pairs in query order. */
type Pairs = ReadonlyArray<readonly [string, string]>;

/**
 * Filters of a query, as the audit query service takes them (logical AND), keyed by the event field
 * each one filters on: the parameter's value, or the name/value pairs of a correlated pair.
 */
export type EventFilters = { [F in Filter as F['field']]?: F extends PairFilter ? Pairs : string };

const filters: readonly Filter[] = facts.filters;

/** The filters of a create query string, or the 400 message to answer. An empty value filters nothing. */
export function parseFilters(q: URLSearchParams): { ok: true; filters: EventFilters } | { ok: false; message: string } {
  const parsed: Record<string, string | Pairs> = {};
  for (const filter of filters) {
    if (filter.match !== 'pairs') {
      const value = q.get(filter.parameter);
      if (value) parsed[filter.field] = value;
      continue;
    }
    const names = q.get(filter.names);
    const values = q.get(filter.values);
    if (names === null && values === null) continue;
    const nameList = (names ?? '').split(',');
    const valueList = (values ?? '').split(',');
    if (nameList.length !== valueList.length || nameList.some((n) => n === '')) {
      return {
        ok: false,
        message: `${filter.names} and ${filter.values} must be comma-separated lists of the same length, paired by position (got ${nameList.length} names and ${valueList.length} values)`,
      };
    }
    parsed[filter.field] = Object.freeze(nameList.map((n, i) => Object.freeze([n, valueList[i] ?? ''] as const)));
  }
  return { ok: true, filters: parsed as EventFilters };
}

/** Whether `eventFilters` restrict anything (a result without filters is served from whole cached hours). */
export function hasFilters(eventFilters: EventFilters | undefined): boolean {
  if (eventFilters === undefined) return false;
  const set = eventFilters as Record<string, string | Pairs | undefined>;
  return filters.some((filter) => {
    const value = set[filter.field];
    return value !== undefined && (filter.match !== 'pairs' || value.length > 0);
  });
}

/** The text a filter compares: strings as they are, any other JSON value as its JSON text. */
const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/** One field test per set filter, built once per query rather than per event. */
function fieldTest(filter: Filter, value: string | Pairs): (event: Record<string, unknown>) => boolean {
  if (filter.match === 'pairs') {
    const pairs = value as Pairs;
    return (event) => {
      const entries = (event[filter.field] ?? {}) as Record<string, unknown>;
      return pairs.every(([name, wanted]) => text(entries[name]) === wanted);
    };
  }
  const wanted = value as string;
  if (filter.match === 'exact') return (event) => event[filter.field] === wanted;
  return (event) => {
    const actual = text(event[filter.field]);
    return actual === wanted || actual.slice(actual.lastIndexOf('.') + 1) === wanted;
  };
}

/** A predicate that holds for the events `eventFilters` let through (every set filter, AND). */
export function eventMatcher(eventFilters: EventFilters | undefined): (event: AuditEvent) => boolean {
  const set = (eventFilters ?? {}) as Record<string, string | Pairs | undefined>;
  const tests = filters.flatMap((filter) => {
    const value = set[filter.field];
    return value === undefined ? [] : [fieldTest(filter, value)];
  });
  if (tests.length === 0) return () => true;
  return (event) => {
    const fields = event as unknown as Record<string, unknown>;
    for (const test of tests) if (!test(fields)) return false;
    return true;
  };
}

/** The filters as a job's `params` carries them: each set filter under its field, pairs as an object. */
export function filterParams(eventFilters: EventFilters): Record<string, string | Record<string, string>> {
  const set = eventFilters as Record<string, string | Pairs | undefined>;
  const params: Record<string, string | Record<string, string>> = {};
  for (const filter of filters) {
    const value = set[filter.field];
    if (value === undefined) continue;
    params[filter.field] = typeof value === 'string' ? value : Object.fromEntries(value);
  }
  return params;
}
