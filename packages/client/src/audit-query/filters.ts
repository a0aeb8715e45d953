import { InvalidArgumentError } from '../core/errors.js';
import { type CreateExportJobFilters, type operations, specValues } from '../generated/audit-query.gen.js';
import { type AuditTimeInput, auditTimeToEpoch, toAuditTime } from './time.js';

/** The create call's query, exactly as the spec types it. */
export type CreateExportQuery = operations['createExportJob']['parameters']['query'];

/**
 * What to export: a tenant, a time range and optional filters (all combined with AND). The filters
 * are the spec's (`x-filter` on the create parameters): one option per event field, e.g. `category`.
 */
export interface ExportFilters extends CreateExportJobFilters {
  /** Tenant (company) id; one company per request. */
  tenantId: string;
  /** Start of the period: Date, ISO-8601 string or `yyyy-MM-dd HH:mm:ssZZ`. */
  startTime: AuditTimeInput;
  /** End of the period, same forms. */
  endTime: AuditTimeInput;
}

/** One filter of the create call, as the spec declares it (`x-filter`): the option, its parameter(s), how it matches. */
export type CreateFilter = (typeof specValues.filters.createExportJob)[number];

/**
 * The create call's filters, in the spec's order: a form or a CLI can offer exactly these (`field` is the
 * option of ExportFilters; `match: 'pairs'` takes `{ name: value }` entries, the others one string).
 */
export const exportFilterFields: readonly CreateFilter[] = specValues.filters.createExportJob;
/** A correlated pair of parameters (`f.attrName`/`f.attrVal`). */
type PairFilter = Extract<CreateFilter, { match: 'pairs' }>;

const createFilters = exportFilterFields;

/** Joins `{name: value}` into the pair's two comma-separated lists, checking what the API cannot carry. */
function pairLists(filter: PairFilter, entries: unknown): { names: string; values: string } | undefined {
  const what = `The ${filter.field} filter`;
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) {
    throw new InvalidArgumentError(
      `${what} must be an object of names to string values, got ${JSON.stringify(entries)}.`,
    );
  }
  const pairs = Object.entries(entries);
  if (pairs.length === 0) return undefined;
  for (const [name, value] of pairs) {
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(`${what} "${name}" must have a string value, got ${typeof value}.`);
    }
    // The API splits both lists on commas and pairs them by position: a comma inside would shift every pair.
    for (const [part, text] of [
      ['name', name],
      ['value', value],
    ] as const) {
      if (text === '' || text.includes(',')) {
        throw new InvalidArgumentError(
          `${what}'s ${part} ${JSON.stringify(text)} ${text === '' ? 'is empty' : 'contains a comma'}: the API pairs ${filter.names} and ${filter.values} by splitting on commas, so names and values must be non-empty and comma-free.`,
        );
      }
    }
  }
  return { names: pairs.map(([name]) => name).join(','), values: pairs.map(([, value]) => value).join(',') };
}

/** Turns `{color: 'ivory', tenant: 'annabel'}` into the correlated `f.attrName=color,tenant` / `f.attrVal=ivory,annabel`. */
export function attributeFilters(attributes: Record<string, string>): { names: string; values: string } | undefined {
  const pair = createFilters.find((filter): filter is PairFilter => filter.field === 'attributes');
  if (!pair) throw new InvalidArgumentError('The spec declares no attributes filter for the create call.');
  return pairLists(pair, attributes);
}

/** The filter options of `filters` that are set, by field, in the spec's order (what a window export keeps). */
export function pickFilters(filters: CreateExportJobFilters): CreateExportJobFilters {
  const picked: Record<string, unknown> = {};
  for (const { field } of createFilters) {
    const value = filters[field];
    if (value !== undefined) picked[field] = value;
  }
  return picked as CreateExportJobFilters;
}

/** Validates the filters and builds the create call's query string values. */
export function toCreateQuery(filters: ExportFilters): CreateExportQuery {
  if (typeof filters?.tenantId !== 'string' || filters.tenantId.trim() === '') {
    throw new InvalidArgumentError('tenantId is required: the id of the one tenant (company) to export.');
  }
  const startTime = toAuditTime(filters.startTime, 'startTime');
  const endTime = toAuditTime(filters.endTime, 'endTime');
  if (auditTimeToEpoch(startTime) > auditTimeToEpoch(endTime)) {
    throw new InvalidArgumentError(`startTime ${startTime} is after endTime ${endTime}.`);
  }
  const query: CreateExportQuery = { tenantId: filters.tenantId, startTime, endTime };
  // Every filter parameter of the spec is an optional string of this query.
  const params = query as Record<string, string>;
  for (const filter of createFilters) {
    const value: unknown = filters[filter.field];
    if (value === undefined) continue;
    if (filter.match === 'pairs') {
      const lists = pairLists(filter, value);
      if (lists) {
        params[filter.names] = lists.names;
        params[filter.values] = lists.values;
      }
    } else if (typeof value === 'string') {
      params[filter.parameter] = value;
    } else {
      throw new InvalidArgumentError(`The ${filter.field} filter must be a string, got ${typeof value}.`);
    }
  }
  return query;
}
