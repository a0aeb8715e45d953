/** Zoho export criteria: validation (INVALID_DATA) and evaluation against entries. */
import type { ZohoEntry } from './entries.js';

/** A criterion that failed validation: the `details` of the INVALID_DATA answer. */
export class CriteriaError extends Error {
  /** Stable machine-readable code (Zoho's). */
  readonly code = 'INVALID_DATA';
  /** The key that is wrong, as Zoho reports it in `details.api_name`. */
  readonly apiName: string;

  constructor(apiName: string, message: string) {
    super(message);
    this.name = 'CriteriaError';
    this.apiName = apiName;
  }
}

/** A compiled criterion. */
export type Predicate = (entry: ZohoEntry) => boolean;

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Validates criteria and returns a predicate plus the audited_time window it pins, if any. */
export function compileCriteria(criteria: unknown): { keep: Predicate; window: [number, number] | undefined } {
  let window: [number, number] | undefined;
  const compile = (c: unknown, underAnd: boolean): Predicate => {
    if (!isObject(c)) throw new CriteriaError('criteria', 'criteria must be an object');
    if ('group_operator' in c) {
      const op = c.group_operator;
      if (op !== 'and' && op !== 'or')
        throw new CriteriaError('group_operator', 'group_operator must be "and" or "or"');
      if (!Array.isArray(c.group) || c.group.length < 2)
        throw new CriteriaError('group', 'group must hold at least two criteria');
      const members = c.group.map((m) => compile(m, underAnd && op === 'and'));
      return op === 'and' ? (e) => members.every((p) => p(e)) : (e) => members.some((p) => p(e));
    }
    const field = isObject(c.field) ? c.field.api_name : undefined;
    const { comparator, value } = c;
    if (field === 'audited_time') {
      if (comparator !== 'between')
        throw new CriteriaError('comparator', 'audited_time takes the comparator "between"');
      const times =
        Array.isArray(value) && value.length === 2
          ? value.map((v) => (typeof v === 'string' ? Date.parse(v) : Number.NaN))
          : [];
      const [from, to] = times;
      if (from === undefined || to === undefined || !Number.isFinite(from) || !Number.isFinite(to) || from > to) {
        throw new CriteriaError('value', 'audited_time takes two ISO-8601 date-times, the first not after the second');
      }
      if (underAnd) window = window ? [Math.max(window[0], from), Math.min(window[1], to)] : [from, to];
      return (e) => e.auditedTime >= from && e.auditedTime <= to;
    }
    if (field === 'done_by' || field === 'module') {
      if (comparator !== 'in') throw new CriteriaError('comparator', `${field} takes the comparator "in"`);
      if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) {
        throw new CriteriaError(
          'value',
          `${field} takes a non-empty array of ${field === 'done_by' ? '{name, id}' : '{api_name, id}'}`,
        );
      }
      if (field === 'done_by') {
        const ids = new Set(value.map((v) => String(v.id)));
        return (e) => ids.has(e.doneBy.id);
      }
      const names = new Set(value.map((v) => String(v.api_name).toLowerCase()));
      const ids = new Set(value.map((v) => String(v.id)));
      return (e) => names.has(e.module.api_name.toLowerCase()) || ids.has(e.module.id);
    }
    if (field === 'action') {
      if (comparator !== 'equal') throw new CriteriaError('comparator', 'action takes the comparator "equal"');
      if (typeof value !== 'string' || value === '') throw new CriteriaError('value', 'action takes a string');
      const wanted = value.toLowerCase();
      return (e) => e.action.toLowerCase() === wanted;
    }
    throw new CriteriaError('field', 'field.api_name must be audited_time, done_by, module or action');
  };
  const keep = compile(criteria, true);
  return { keep, window };
}
