// Point 1: the spec lints clean, its bundles are reproducible from the sources, and every example
// validates — including each row of the JSON Lines examples, which no OpenAPI tool looks inside.
import { describe, expect, it } from 'vitest';
import { describeProblems } from '../src/check.js';
import { checkSpecJsonlExamples, checkSpecLint, checkSpecReproducible } from '../src/spec-checks.js';
import { loadSpecSet } from '../src/spec-set.js';

describe('the spec', () => {
  const set = loadSpecSet();

  it('lints with zero errors and zero warnings, examples included (its own lint script)', () => {
    const outcome = checkSpecLint();
    expect(outcome.problems, describeProblems([outcome])).toEqual([]);
  });

  it('is reproducible: a build of spec/apis with its own build script equals spec/dist byte for byte', () => {
    const outcome = checkSpecReproducible(set);
    expect(outcome.problems, describeProblems([outcome])).toEqual([]);
  });

  it('has JSON Lines examples whose every row validates with @audit-export/events and with x-jsonl-item-schema', async () => {
    const outcome = await checkSpecJsonlExamples(set);
    expect(outcome.problems, describeProblems([outcome])).toEqual([]);
  });
});
