import { InvalidArgumentError } from '../core/errors.js';
import { type components, specValues } from '../generated/zoho.gen.js';

type Schemas = components['schemas'];
/** Recursive export criteria: one condition or a group of two (the spec's Criteria schema). */
export type Criteria = Schemas['Criteria'];
/** One condition; each field takes only the comparators and values the vendor lists for it. */
export type CriteriaCondition = Schemas['CriteriaCondition'];
/** Two criteria combined with `and`. */
export type CriteriaGroup = Schemas['CriteriaGroup'];
/** A condition on the action (`equal` one, `in` a list of `added`, `updated`, `deleted`). */
export type ActionCondition = Schemas['ActionCondition'];
/** A condition on the user (`equal` one, `in` a list). */
export type DoneByCondition = Schemas['DoneByCondition'];
/** A condition on the module (`equal` one, `in` a list). */
export type ModuleCondition = Schemas['ModuleCondition'];
/** A condition on the audit time (`between` two date-times, at most 180 days apart). */
export type AuditedTimeCondition = Schemas['AuditedTimeCondition'];
/** An action value the criteria take (`added`, `updated`, `deleted`). */
export type AuditAction = Schemas['AuditAction'];
/** A field the criteria can filter on (`action`, `done_by`, `module`, `audited_time`). */
export type CriteriaFieldName = CriteriaCondition['field']['api_name'];
/** A Zoho CRM user reference `{name?, id}`. */
export type UserRef = Schemas['UserRef'];
/** A Zoho CRM module reference `{api_name, id}`. */
export type ModuleRef = Schemas['ModuleRef'];

const zohoDateTime = new RegExp(specValues.patterns.ZohoDateTime);

/** A Date or Zoho date-time string (`2024-01-13T00:00:00+05:30`) as Zoho takes it: seconds, with an offset. */
export function toZohoDateTime(value: Date | string, name = 'time'): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidArgumentError(`${name} is an invalid Date.`);
    return `${value.toISOString().slice(0, 19)}Z`;
  }
  if (typeof value === 'string' && zohoDateTime.test(value)) return value;
  throw new InvalidArgumentError(
    `${name} ${JSON.stringify(value)} is not a Zoho date-time: use a Date or a string like 2024-01-13T00:00:00+05:30.`,
  );
}

/** Builds Zoho export criteria; every field, comparator and value is typed from the spec. */
export const criteria = {
  /** Entries audited between two instants (inclusive; Zoho allows at most 180 days). */
  auditedTimeBetween(from: Date | string, to: Date | string): AuditedTimeCondition {
    return {
      comparator: 'between',
      field: { api_name: 'audited_time' },
      value: [toZohoDateTime(from, 'from'), toZohoDateTime(to, 'to')],
    };
  },
  /** Entries done by any of these users (`in`). */
  doneBy(...users: [UserRef, ...UserRef[]]): DoneByCondition {
    return { comparator: 'in', field: { api_name: 'done_by' }, value: users };
  },
  /** Entries in any of these modules (`in`). */
  module(...modules: [ModuleRef, ...ModuleRef[]]): ModuleCondition {
    return { comparator: 'in', field: { api_name: 'module' }, value: modules };
  },
  /** Entries with this action (`equal`), e.g. `updated`. */
  action(action: AuditAction): ActionCondition {
    return { comparator: 'equal', field: { api_name: 'action' }, value: action };
  },
  /** Entries with any of these actions (`in`). */
  actions(...actions: [AuditAction, ...AuditAction[]]): ActionCondition {
    return { comparator: 'in', field: { api_name: 'action' }, value: actions };
  },
  /** Any condition the spec allows, written out (the type refuses e.g. `action between`). */
  condition<C extends CriteriaCondition>(condition: C): C {
    return condition;
  },
  /** Both criteria (Zoho's only group operator; groups hold two entries and nest). */
  and(first: Criteria, second: Criteria): CriteriaGroup {
    return { group_operator: 'and', group: [first, second] };
  },
} as const;
