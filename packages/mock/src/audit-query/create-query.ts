/**
 * The create operation's query string, read into a window and filters. Clients (and load tests)
 * repeat the same query strings, and the outcome depends on nothing else, so outcomes are kept
 * in a bounded map keyed by the raw query string; the parsed filters are frozen because jobs share them.
 */
import { type EventFilters, parseFilters } from '../data/event-filters.js';
import { auditQuery as facts } from '../generated/spec-facts.gen.js';
import { parseAuditTime } from '../time.js';

/** A create query read successfully, or the 400 message to answer. */
export type CreateQuery =
  | { ok: true; tenantId: string; startMs: number; endMs: number; filters: Readonly<EventFilters> }
  | { ok: false; message: string };

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
}

/** Reads the create parameters (tenantId, startTime, endTime, then the spec's filters) in the order the checks apply. */
export function parseCreateQuery(q: URLSearchParams): CreateQuery {
  for (const name of ['tenantId', 'startTime', 'endTime']) {
    if (!q.get(name)) return { ok: false, message: fill(facts.messages.missingParameter, { name }) };
  }
  const tenantId = q.get('tenantId') as string;
  const times: number[] = [];
  for (const name of ['startTime', 'endTime']) {
    const text = q.get(name) as string;
    const ms = parseAuditTime(text);
    if (ms === undefined) {
      return {
        ok: false,
        message: `Invalid ${name} '${text}': use yyyy-MM-dd HH:mm:ssZZ (2024-01-01 11:30:00-0800) or ISO-8601 (2024-09-16T05:00:00Z)`,
      };
    }
    times.push(ms);
  }
  const [startMs = 0, endMs = 0] = times;
  if (startMs >= endMs) {
    return { ok: false, message: `startTime (${q.get('startTime')}) must be before endTime (${q.get('endTime')})` };
  }
  const filters = parseFilters(q);
  if (!filters.ok) return filters;
  return { ok: true, tenantId, startMs, endMs, filters: Object.freeze(filters.filters) };
}

/** How many distinct query strings stay parsed; a full map starts over. */
export const PARSED_MAX = 1024;

/** {@link parseCreateQuery} with its outcomes kept per raw query string (bounded). */
export class CreateQueryParser {
  private readonly parsed = new Map<string, CreateQuery>();

  /** How many entries are kept (at most PARSED_MAX). */
  get size(): number {
    return this.parsed.size;
  }

  /** The outcome for `url`'s query string. */
  parse(url: URL): CreateQuery {
    const key = url.search;
    let result = this.parsed.get(key);
    if (!result) {
      result = parseCreateQuery(url.searchParams);
      if (this.parsed.size >= PARSED_MAX) this.parsed.clear();
      this.parsed.set(key, result);
    }
    return result;
  }
}
