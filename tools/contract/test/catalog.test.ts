// Point 4 (catalog): the events package's catalog is the spec's, entry for entry and in order.
import { catalog } from '@audit-export/events';
import { describe, expect, it } from 'vitest';
import { checkCatalog } from '../src/catalog-check.js';
import { describeProblems } from '../src/check.js';
import { loadSpecSet } from '../src/spec-set.js';

describe('the event catalog', () => {
  const set = loadSpecSet();

  it('in @audit-export/events equals event-catalog.json and x-event-catalog', () => {
    const outcome = checkCatalog(set);
    expect(outcome.problems, describeProblems([outcome])).toEqual([]);
    expect(catalog.length).toBe(set.catalog.length);
  });

  it('reports an event the package lacks and one it adds', () => {
    const [first, ...rest] = set.catalog;
    const extra = { ...first, name: 'NOT_IN_SPEC' };
    const outcome = checkCatalog(set, [...rest, extra]);
    expect(outcome.problems).toContain(`@audit-export/events catalog lacks ${first?.name}`);
    expect(outcome.problems).toContain('@audit-export/events catalog has NOT_IN_SPEC, which the spec does not');
  });
});
