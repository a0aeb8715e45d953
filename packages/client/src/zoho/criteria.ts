import { InvalidArgumentError } from '../core/errors.js';
import { type components, specValues } from '../generated/zoho.gen.js';

/** Recursive export criteria: one condition or an and/or group (the spec's Criteria schema). */
export type Criteria = components['schemas']['Criteria'];
/** One condition: comparator, field, value. */
export type CriteriaCondition = components['schemas']['CriteriaCondition'];
/** A group of two or more criteria. */
export type CriteriaGroup = components['schemas']['CriteriaGroup'];
/** A field the criteria can filter on (`audited_time`, `done_by`, `module`, `action`). */
export type CriteriaFieldName = components['schemas']['CriteriaField']['api_name'];
/** A Zoho CRM user reference `{name, id}`. */
export type UserRef = components['schemas']['UserRef'];
/** A Zoho CRM module reference `{api_name, id}`. */
export type ModuleRef = components['schemas']['ModuleRef'];

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

function group(operator: CriteriaGroup['group_operator'], members: Criteria[]): CriteriaGroup {
  if (members.length < 2) {
    throw new InvalidArgumentError(`criteria.${operator}() needs at least two criteria (Zoho rejects smaller groups).`);
  }
  return { group_operator: operator, group: members };
}

/** Builds Zoho export criteria; every field name and comparator is typed from the spec. */
export const criteria = {
  /** Entries audited between two instants (inclusive). */
  auditedTimeBetween(from: Date | string, to: Date | string): CriteriaCondition {
    return {
      comparator: 'between',
      field: { api_name: 'audited_time' },
      value: [toZohoDateTime(from, 'from'), toZohoDateTime(to, 'to')],
    };
  },
  /** Entries done by any of these users. */
  doneBy(...users: [UserRef, ...UserRef[]]): CriteriaCondition {
    return { comparator: 'in', field: { api_name: 'done_by' }, value: users };
  },
  /** Entries in any of these modules. */
  module(...modules: [ModuleRef, ...ModuleRef[]]): CriteriaCondition {
    return { comparator: 'in', field: { api_name: 'module' }, value: modules };
  },
  /** Entries with this action (e.g. `updated`). */
  action(action: string): CriteriaCondition {
    if (action === '') throw new InvalidArgumentError('criteria.action() needs a non-empty action, e.g. "updated".');
    return { comparator: 'equal', field: { api_name: 'action' }, value: action };
  },
  /** Any condition, for fields and comparators the helpers above do not name. */
  condition(
    field: CriteriaFieldName,
    comparator: CriteriaCondition['comparator'],
    value: CriteriaCondition['value'],
  ): CriteriaCondition {
    return { comparator, field: { api_name: field }, value };
  },
  /** All of the criteria. */
  and(...members: Criteria[]): CriteriaGroup {
    return group('and', members);
  },
  /** Any of the criteria. */
  or(...members: Criteria[]): CriteriaGroup {
    return group('or', members);
  },
} as const;
