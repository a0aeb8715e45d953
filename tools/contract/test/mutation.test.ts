// Point 7: the suite checks itself. scripts/mutate.mjs applies four drifts in temporary copies and
// must show that each one fails at least one check, with evidence that names the drift.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { MutationOutcome } from '../src/mutations.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let report: { seconds: number; outcomes: MutationOutcome[] };
let exitCode: number | null;

beforeAll(() => {
  // The script runs the built checks (dist/): turbo builds this package before its tests.
  const run = spawnSync(process.execPath, ['scripts/mutate.mjs', '--json'], {
    cwd: packageDir,
    encoding: 'utf8',
    // A bound against a hang, not a speed check: about 20 s alone, several times that beside other suites.
    timeout: 300_000,
  });
  exitCode = run.status;
  if (!run.stdout.trim().startsWith('{')) throw new Error(`mutate.mjs printed no report:\n${run.stderr}`);
  report = JSON.parse(run.stdout);
}, 310_000);

const outcome = (id: string) => report.outcomes.find((o) => o.id === id) as MutationOutcome;

describe('scripts/mutate.mjs', () => {
  it('runs the four drifts and exits 0 because every one is caught', () => {
    expect(report.outcomes.map((o) => o.id)).toEqual([
      'spec-rename-field',
      'mock-enum-value',
      'catalog-drop-event',
      'spec-rule-change',
    ]);
    expect(exitCode).toBe(0);
  });

  it('a field renamed in a copy of the spec fails the example, generated-code and mock-line checks', () => {
    const o = outcome('spec-rename-field');
    expect(o.caught, JSON.stringify(o.evidence, null, 2)).toBe(true);
    expect(o.caughtBy).toEqual(
      expect.arrayContaining([
        'spec.jsonl-examples',
        'events.generated-from-spec',
        'client.generated-from-spec',
        'mock.jsonl-lines',
      ]),
    );
  });

  it('an enum value changed in the mock’s answers fails the client-through-Prism check', () => {
    const o = outcome('mock-enum-value');
    expect(o.caught, JSON.stringify(o.evidence, null, 2)).toBe(true);
    expect(o.caughtBy).toContain('client.through-prism');
  });

  it('an event dropped from a copy of the catalog fails the catalog, docs and generated-code checks', () => {
    const o = outcome('catalog-drop-event');
    expect(o.caught, JSON.stringify(o.evidence, null, 2)).toBe(true);
    expect(o.caughtBy).toEqual(
      expect.arrayContaining(['events.catalog-equals-spec', 'docs.site-matches-spec', 'events.generated-from-spec']),
    );
  });

  it('a job-state rule changed in a copy of the spec, not regenerated, fails the mock’s and the client’s freshness', () => {
    const o = outcome('spec-rule-change');
    expect(o.caught, JSON.stringify(o.evidence, null, 2)).toBe(true);
    expect(o.caughtBy).toEqual(['client.generated-from-spec', 'mock.generated-from-spec']);
  });
});
