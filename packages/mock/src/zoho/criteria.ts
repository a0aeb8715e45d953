/** Zoho export criteria that the spec's schema accepted: the range rule, and evaluation against entries. */
import { createFacts } from '../generated/zoho-create.gen.js';
import { DAY_MS } from '../time.js';
import type { ZohoEntry } from './entries.js';

/** A criterion the schema accepts but the vendor refuses (a range too long or reversed): INVALID_DATA. */
export class CriteriaError extends Error {
  /** Stable machine-readable code (Zoho's). */
  readonly code = 'INVALID_DATA';
  /** Where the wrong value is, as `details.json_path`. */
  readonly jsonPath: string;

  constructor(jsonPath: string, message: string) {
    super(message);
    this.name = 'CriteriaError';
    this.jsonPath = jsonPath;
  }
}

/** A compiled criterion. */
export type Predicate = (entry: ZohoEntry) => boolean;

type Ref = { id?: string; api_name?: string; name?: string };
type Condition = { comparator: string; field: { api_name: string }; value: unknown };
type Group = { group_operator: string; group: Criteria[] };
type Criteria = Condition | Group;

/** What an entry carries for each field the criteria name. */
const FIELD_VALUES: Record<string, (e: ZohoEntry) => unknown> = {
  action: (e) => e.action,
  done_by: (e) => e.doneBy,
  module: (e) => e.module,
  audited_time: (e) => e.auditedTime,
};

/** Whether an entry's value matches one criteria value (refs by id, modules also by api_name). */
function same(actual: unknown, wanted: unknown): boolean {
  if (typeof wanted !== 'object' || wanted === null) return actual === wanted;
  const a = actual as Ref;
  const w = wanted as Ref;
  if (w.id !== undefined && w.id === a.id) return true;
  return w.api_name !== undefined && w.api_name.toLowerCase() === a.api_name?.toLowerCase();
}

/**
 * Compiles schema-valid criteria into a predicate, plus the audited_time window an `and` chain pins.
 * Throws {@link CriteriaError} for a range the spec's `x-max-range-days` refuses.
 */
export function compileCriteria(criteria: unknown): { keep: Predicate; window: [number, number] | undefined } {
  let window: [number, number] | undefined;
  const compile = (c: Criteria, path: string): Predicate => {
    if ('group' in c) {
      const members = c.group.map((m, i) => compile(m, `${path}.group[${i}]`));
      return (e) => members.every((p) => p(e));
    }
    const read = FIELD_VALUES[c.field.api_name] ?? (() => undefined);
    if (c.comparator === 'between') {
      const [from, to] = (c.value as string[]).map((v) => Date.parse(v)) as [number, number];
      const limit = createFacts.ranges.find((r) => r.field === c.field.api_name)?.maxDays;
      if (!(from <= to)) throw new CriteriaError(`${path}.value`, `${c.field.api_name} starts after it ends`);
      if (limit !== undefined && to - from > limit * DAY_MS)
        throw new CriteriaError(`${path}.value`, `${c.field.api_name} spans more than ${limit} days`);
      window = window ? [Math.max(window[0], from), Math.min(window[1], to)] : [from, to];
      return (e) => {
        const t = read(e) as number;
        return t >= from && t <= to;
      };
    }
    const wanted = c.comparator === 'in' ? (c.value as unknown[]) : [c.value];
    return (e) => wanted.some((w) => same(read(e), w));
  };
  const keep = compile(criteria as Criteria, '$.audit_log_export[0].criteria');
  return { keep, window };
}
