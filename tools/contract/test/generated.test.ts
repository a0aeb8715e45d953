// Point 2 (types) and point 4 (schema): the generated code the client and events packages commit is
// what their own generators make from the spec. Their generators run here against the spec set, the
// same functions their freshness tests call, so a drift of either side shows up in one place.
import { describe, expect, it } from 'vitest';
import { describeProblems } from '../src/check.js';
import { checkClientGenerated, checkEventsGenerated } from '../src/generated-checks.js';
import { loadSpecSet } from '../src/spec-set.js';

describe('generated code', () => {
  const set = loadSpecSet();

  it('client: src/generated/<api>.gen.ts are fresh for all three APIs', async () => {
    const outcome = await checkClientGenerated(set);
    expect(outcome.problems, describeProblems([outcome])).toEqual([]);
  });

  it('events: the AuditEvent types, catalog and compiled validator are fresh', async () => {
    const outcome = await checkEventsGenerated(set);
    expect(outcome.problems, describeProblems([outcome])).toEqual([]);
  });
});
