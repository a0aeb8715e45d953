import { InvalidArgumentError } from '../core/errors.js';
import type { operations } from '../generated/audit-query.gen.js';
import { type AuditTimeInput, auditTimeToEpoch, toAuditTime } from './time.js';

/** The create call's query, exactly as the spec types it. */
export type CreateExportQuery = operations['createExportJob']['parameters']['query'];

/** What to export: a tenant, a time range and optional filters (all combined with AND). */
export interface ExportFilters {
  /** Tenant (company) id; one company per request. */
  tenantId: string;
  /** Start of the period: Date, ISO-8601 string or `yyyy-MM-dd HH:mm:ssZZ`. */
  startTime: AuditTimeInput;
  /** End of the period, same forms. */
  endTime: AuditTimeInput;
  /** Event category, e.g. `security`. */
  category?: string;
  /** Application or product, e.g. `express`. */
  application?: string;
  /** Username recorded in the event. */
  username?: string;
  /** Extra attributes to match, e.g. `{ color: 'ivory', tenant: 'annabel' }` (names and values without commas). */
  attributes?: Record<string, string>;
}

/** Turns `{color: 'ivory', tenant: 'annabel'}` into the correlated `f.attrName=color,tenant` / `f.attrVal=ivory,annabel`. */
export function attributeFilters(attributes: Record<string, string>): { names: string; values: string } | undefined {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return undefined;
  for (const [name, value] of entries) {
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(`Attribute filter "${name}" must have a string value, got ${typeof value}.`);
    }
    // The API splits both lists on commas and pairs them by position: a comma inside would shift every pair.
    for (const [what, text] of [
      ['name', name],
      ['value', value],
    ] as const) {
      if (text === '' || text.includes(',')) {
        throw new InvalidArgumentError(
          `Attribute filter ${what} ${JSON.stringify(text)} ${text === '' ? 'is empty' : 'contains a comma'}: the API pairs f.attrName and f.attrVal by splitting on commas, so names and values must be non-empty and comma-free.`,
        );
      }
    }
  }
  return { names: entries.map(([name]) => name).join(','), values: entries.map(([, value]) => value).join(',') };
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
  if (filters.category !== undefined) query['f.category'] = filters.category;
  if (filters.application !== undefined) query['f.application'] = filters.application;
  if (filters.username !== undefined) query['f.username'] = filters.username;
  const attributes = filters.attributes === undefined ? undefined : attributeFilters(filters.attributes);
  if (attributes) {
    query['f.attrName'] = attributes.names;
    query['f.attrVal'] = attributes.values;
  }
  return query;
}
