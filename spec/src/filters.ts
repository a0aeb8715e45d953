/**
 * The query filters of an operation, as its parameters' `x-filter` declares them: the field of the
 * result items each one filters on and how it matches. The clients' filter options and query
 * mapping, the mock's parsing and matching and the docs' filter table read them from here (through
 * their generated files), so a filter is declared once, in the spec.
 */
import { operationById, type SpecNode, SpecReadError } from './reader.js';

/** The match rules an `x-filter` may name; `pair-names` and `pair-values` are the two halves of one pair. */
export const filterMatches = ['exact', 'last-dotted-part', 'pair-names', 'pair-values'] as const;
/** One of `filterMatches`. */
export type FilterMatch = (typeof filterMatches)[number];

/** A filter with one parameter: its value is compared with the field. */
export interface ValueFilter {
  /** The result item's field the filter compares, e.g. `category`. */
  readonly field: string;
  readonly match: 'exact' | 'last-dotted-part';
  /** The query parameter, e.g. `f.category`. */
  readonly parameter: string;
  /** The parameter's description. */
  readonly description: string;
}

/** A correlated pair of parameters on an object field: names in one, values in the other. */
export interface PairFilter {
  /** The result item's object field whose entries are compared, e.g. `attributes`. */
  readonly field: string;
  readonly match: 'pairs';
  /** The parameter listing the names (`pair-names`), e.g. `f.attrName`. */
  readonly names: string;
  /** The parameter listing the values (`pair-values`), e.g. `f.attrVal`. */
  readonly values: string;
  /** The names parameter's description. */
  readonly description: string;
}

/** One filter of an operation, on one field. */
export type QueryFilter = ValueFilter | PairFilter;

const words = (text: unknown): string => (typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '');

/**
 * The filters of `operationId`, one per field, in the order of their (first) parameter. Throws
 * `SpecReadError` (`SPEC_EXTENSION_INVALID`) for an `x-filter` that is malformed, on a parameter
 * not in the query, on a field another filter has, or a pair without exactly one half of each kind.
 */
export function queryFilters(doc: SpecNode, operationId: string): QueryFilter[] {
  const where = `${operationId} x-filter`;
  const invalid = (message: string) => new SpecReadError('SPEC_EXTENSION_INVALID', `${where}: ${message}`, where);
  const byField = new Map<string, { match: FilterMatch; parameter: SpecNode }[]>();
  for (const parameter of operationById(doc, operationId).parameters) {
    const declared = parameter['x-filter'] as unknown;
    if (declared === undefined) continue;
    const { field, match } = (declared ?? {}) as { field?: unknown; match?: unknown };
    if (typeof field !== 'string' || field === '' || !(filterMatches as readonly unknown[]).includes(match))
      throw invalid(`${parameter.name} needs {field, match} with match one of ${filterMatches.join(', ')}`);
    if (parameter.in !== 'query') throw invalid(`${parameter.name} is not a query parameter`);
    byField.set(field, [...(byField.get(field) ?? []), { match: match as FilterMatch, parameter }]);
  }
  return [...byField].map(([field, halves]): QueryFilter => {
    const [first] = halves;
    if (halves.length === 1 && first && (first.match === 'exact' || first.match === 'last-dotted-part'))
      return {
        field,
        match: first.match,
        parameter: first.parameter.name,
        description: words(first.parameter.description),
      };
    const [named, ...moreNames] = halves.filter((h) => h.match === 'pair-names');
    const [valued, ...moreValues] = halves.filter((h) => h.match === 'pair-values');
    if (!named || !valued || moreNames.length + moreValues.length > 0 || halves.length !== 2)
      throw invalid(
        `${halves.map((h) => h.parameter.name).join(', ')} filter ${field}: one field takes one parameter, or one pair-names and one pair-values`,
      );
    return {
      field,
      match: 'pairs',
      names: named.parameter.name,
      values: valued.parameter.name,
      description: words(named.parameter.description),
    };
  });
}

/** The query parameters of a filter, in order. */
export function filterParameters(filter: QueryFilter): readonly string[] {
  return filter.match === 'pairs' ? [filter.names, filter.values] : [filter.parameter];
}

/** When an item matches `filter`, in words: "its `category` equals the value" (for docs and doc comments). */
export function describeFilterMatch(filter: QueryFilter): string {
  const field = `its \`${filter.field}\``;
  switch (filter.match) {
    case 'exact':
      return `${field} equals the value`;
    case 'last-dotted-part':
      return `${field} equals the value or ends in it after a dot (\`express\` matches \`com.medallia.express\`)`;
    case 'pairs':
      return `${field} holds every named entry with its value: \`${filter.names}\` lists the names and \`${filter.values}\` the values, comma-separated and paired by position (a value that is not a string is compared as its JSON text)`;
  }
}
