// Type-level: the generated criteria types accept what the vendor accepts and refuse the rest.
import { describe, expectTypeOf, it } from 'vitest';
import { type Criteria, type CriteriaCondition, criteria } from '../src/zoho.js';

describe('criteria types', () => {
  it('accept action in [added, updated]', () => {
    expectTypeOf({
      comparator: 'in' as const,
      field: { api_name: 'action' as const },
      value: ['added' as const, 'updated' as const],
    }).toExtend<CriteriaCondition>();
    expectTypeOf(criteria.actions('added', 'updated')).toExtend<Criteria>();
  });

  it('refuse action between, an unknown action, and group_operator or', () => {
    expectTypeOf({
      comparator: 'between' as const,
      field: { api_name: 'action' as const },
      value: ['added' as const, 'updated' as const],
    }).not.toExtend<CriteriaCondition>();
    expectTypeOf({
      comparator: 'equal' as const,
      field: { api_name: 'action' as const },
      value: 'created' as const,
    }).not.toExtend<CriteriaCondition>();
    expectTypeOf({ group_operator: 'or' as const, group: [] as Criteria[] }).not.toExtend<Criteria>();
    // @ts-expect-error -- `between` is not a comparator of `action`.
    criteria.condition({ comparator: 'between', field: { api_name: 'action' }, value: ['added', 'updated'] });
  });
});
