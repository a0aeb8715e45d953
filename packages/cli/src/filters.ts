/** The API filters as flags, checked and turned into what each client takes. */
import { type ExportFilters, exportFilterFields } from '@audit-export/client/audit-query';
import { type AuditAction, type Criteria, criteria, type ModuleRef } from '@audit-export/client/zoho';
import { UsageError } from './errors.js';
import { type SpecNode, specDocument } from './spec-facts.js';

/** Audit query filters without the window. */
export type AuditQueryFilters = Omit<ExportFilters, 'startTime' | 'endTime'>;

/** Zoho filters: actions, users (ids) and modules (`api_name:id`). */
export interface ZohoFilters {
  actions: AuditAction[];
  doneBy: string[];
  modules: ModuleRef[];
}

/**
 * The audit query's filter flags, from the spec (the client's exportFilterFields): `--<field> <value>` for a
 * filter of one value, `--attr key=value` (repeatable) for the paired one, so a filter added to the spec is a
 * flag here with no edit.
 */
export const auditQueryFilterFlags: readonly { field: string; flag: string; paired: boolean }[] =
  exportFilterFields.map(({ field, match }: { field: string; match: string }) => {
    const paired = match === 'pairs';
    // `--attr` is shorter to type than the field's name, as `--done-by` is for Zoho's.
    return { field, flag: paired && field === 'attributes' ? 'attr' : field, paired };
  });

/** The filter flags as commander gives them (the audit query's by their flag names). */
export interface FilterFlags {
  tenant?: string | undefined;
  action?: string[] | undefined;
  doneBy?: string[] | undefined;
  module?: string[] | undefined;
  [flag: string]: unknown;
}

/** Audit query filters from the flags; `--tenant` is required. */
export function auditQueryFilters(flags: FilterFlags): AuditQueryFilters {
  refuseOthers(flags, ['action', 'doneBy', 'module'], 'audit-query');
  if (!flags.tenant) {
    throw new UsageError('audit-query needs --tenant <id>: the tenant (company) whose events to export.', {
      flag: '--tenant',
    });
  }
  const filters: AuditQueryFilters = { tenantId: flags.tenant };
  for (const { field, flag, paired } of auditQueryFilterFlags) {
    const value = flags[flag];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    Object.assign(filters, { [field]: paired ? pairsOf(flag, [value].flat().map(String)) : String(value) });
  }
  return filters;
}

/** `key=value` flags as `{ key: value }`; the API pairs the names and values by splitting on commas. */
function pairsOf(flag: string, pairs: string[]): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at);
    const value = pair.slice(at + 1);
    if (at <= 0 || value === '' || name.includes(',') || value.includes(',') || name in entries) {
      throw new UsageError(
        `--${flag} "${pair}" is not key=value with a non-empty, comma-free key and value (each key once), e.g. --${flag} color=ivory.`,
        { flag: `--${flag}` },
      );
    }
    entries[name] = value;
  }
  return entries;
}

/** Zoho filters from the flags, values checked against the spec's enums. */
export function zohoFilters(flags: FilterFlags): ZohoFilters {
  refuseOthers(flags, ['tenant', ...auditQueryFilterFlags.map((filter) => filter.flag)], 'zoho');
  const allowed = zohoActions();
  const actions = (flags.action ?? []).map((action) => {
    if (!allowed.includes(action)) {
      throw new UsageError(`--action "${action}" is not one of ${allowed.join(', ')}.`, { flag: '--action' });
    }
    return action as AuditAction;
  });
  const doneBy = (flags.doneBy ?? []).map((id) => {
    if (!/^\d+$/.test(id))
      throw new UsageError(`--done-by "${id}" is not a Zoho user id (digits).`, { flag: '--done-by' });
    return id;
  });
  const modules = (flags.module ?? []).map((text) => {
    const match = /^([A-Za-z][\w]*):(\d+)$/.exec(text);
    if (!match) {
      throw new UsageError(`--module "${text}" is not api_name:id, e.g. --module Leads:2276164000000000125.`, {
        flag: '--module',
      });
    }
    return { api_name: match[1] as string, id: match[2] as string };
  });
  return { actions, doneBy, modules };
}

/** The Zoho criteria of a window (inclusive seconds) and the filters, combined with `and` two at a time. */
export function zohoCriteria(filters: ZohoFilters, fromMs: number, toMs: number): Criteria {
  const parts: Criteria[] = [criteria.auditedTimeBetween(new Date(fromMs), new Date(toMs))];
  const [firstAction, ...moreActions] = filters.actions;
  if (firstAction) parts.push(criteria.actions(firstAction, ...moreActions));
  const [firstUser, ...moreUsers] = filters.doneBy.map((id) => ({ id }));
  if (firstUser) parts.push(criteria.doneBy(firstUser, ...moreUsers));
  const [firstModule, ...moreModules] = filters.modules;
  if (firstModule) parts.push(criteria.module(firstModule, ...moreModules));
  return parts.reduceRight((rest, part) => criteria.and(part, rest));
}

/** The spec's AuditAction values. */
export function zohoActions(): string[] {
  const schemas = (specDocument('zoho').components as SpecNode).schemas as Record<string, SpecNode>;
  return (schemas.AuditAction?.enum as string[] | undefined) ?? [];
}

/** A commander option name as typed on the command line (`doneBy` → `--done-by`). */
const flagName = (name: string) => `--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;

/** A filter of the other API is a mistake worth naming, not something to ignore. */
function refuseOthers(flags: FilterFlags, names: string[], api: string): void {
  for (const name of names) {
    const value = flags[name];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
      throw new UsageError(`${flagName(name)} is not a filter of ${api}; remove it.`, { flag: flagName(name) });
    }
  }
}
