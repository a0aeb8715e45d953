/**
 * Point 7: a mutation check of the suite. Each mutation makes one small drift in a temporary copy
 * (never in the repository), runs the checks that should notice it, and reports which did. A
 * mutation no check catches means the suite has a blind spot.
 */
import { rmSync } from 'node:fs';
import { checkCatalog } from './catalog-check.js';
import type { CheckResult } from './check.js';
import { checkClientThroughPrism } from './conformance.js';
import { checkDocsSite } from './docs-check.js';
import { checkClientGenerated, checkEventsGenerated, checkGenerated } from './generated-checks.js';
import { MOCK_NOW, SteppedClock, startContractMock, startRewritingProxy } from './mock.js';
import { createAnswersChange } from './rule-changes.js';
import { checkSpecJsonlExamples, checkSpecReproducible } from './spec-checks.js';
import { copySpecSet, loadSpecSet, type SpecSet } from './spec-set.js';

/** One drift and the checks run against it. */
export interface Mutation {
  /** Short id, e.g. `spec-rename-field`. */
  readonly id: string;
  /** What drifts, in words. */
  readonly description: string;
  /** Text that at least one catching check's evidence contains (asked after `run`): proof it caught this drift, not another problem. */
  marker(): RegExp;
  /** Applies the drift (in a temp copy) and runs the relevant checks. */
  run(): Promise<CheckResult[]>;
}

/** What happened to one mutation. */
export interface MutationOutcome {
  readonly id: string;
  readonly description: string;
  /** Names of the checks that failed on the drift. */
  readonly caughtBy: string[];
  /** Names of the checks that ran and passed anyway. */
  readonly missedBy: string[];
  /** The first problem each catching check reported. */
  readonly evidence: Record<string, string>;
  /** Some check caught it and one of them names the drift (`marker`). */
  readonly caught: boolean;
}

async function withCopy(set: SpecSet, run: (set: SpecSet) => Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await run(set);
  } finally {
    rmSync(set.dir, { recursive: true, force: true });
  }
}

/** The catalog event the third mutation dropped (known once it ran). */
let dropped = '';

/** The drifts the issues name. */
export const mutations: readonly Mutation[] = [
  {
    id: 'spec-rename-field',
    description: 'a copy of the bundled spec renames AuditEvent.eventId to eventID',
    marker: () => /eventID|eventId|audit-event\.gen\.ts|audit-query\.gen\.ts/,
    run: () =>
      withCopy(
        copySpecSet(({ docs }) => {
          const schema = docs['audit-query'].components.schemas.AuditEvent;
          schema.properties = Object.fromEntries(
            Object.entries(schema.properties).map(([k, v]) => [k === 'eventId' ? 'eventID' : k, v]),
          );
          schema.required = schema.required.map((k: string) => (k === 'eventId' ? 'eventID' : k));
        }),
        async (set) => {
          const clock = new SteppedClock();
          const mock = await startContractMock(clock);
          try {
            const report = await checkClientThroughPrism({
              set,
              mockUrl: mock.url,
              now: MOCK_NOW,
              clock,
              apis: ['audit-query'],
              coverage: false,
            });
            return [
              checkSpecReproducible(set),
              await checkSpecJsonlExamples(set),
              await checkEventsGenerated(set),
              await checkClientGenerated(set),
              ...report.results,
            ];
          } finally {
            await mock.close();
          }
        },
      ),
  },
  {
    id: 'mock-enum-value',
    description: 'the mock answers job status "DONE" instead of "COMPLETED" (a proxy rewrites its bodies)',
    marker: () => /DONE|"code":"enum"|allowed values/,
    async run() {
      const clock = new SteppedClock();
      const mock = await startContractMock(clock);
      const drifted = await startRewritingProxy(mock.url, (body, type) =>
        type.includes('json') && !type.includes('jsonl') ? body.replaceAll('"COMPLETED"', '"DONE"') : body,
      );
      try {
        const report = await checkClientThroughPrism({
          set: loadSpecSet(),
          mockUrl: drifted.url,
          now: MOCK_NOW,
          clock,
          apis: ['audit-query'],
          coverage: false,
        });
        return report.results;
      } finally {
        await drifted.close();
        await mock.close();
      }
    },
  },
  {
    id: 'catalog-drop-event',
    description: 'a copy of the spec drops the last event from the catalog (event-catalog.json and x-event-catalog)',
    marker: () => new RegExp(`\\b${dropped}\\b|catalog\\.gen\\.ts`),
    run: () =>
      withCopy(
        copySpecSet(({ docs, catalog }) => {
          dropped = catalog.pop()?.name ?? '';
          docs['audit-query']['x-event-catalog'].pop();
        }),
        async (set) => [
          checkSpecReproducible(set),
          checkCatalog(set),
          checkDocsSite(set),
          await checkEventsGenerated(set),
        ],
      ),
  },
  {
    id: 'spec-rule-change',
    description: `${createAnswersChange.description}, and the generated files are not regenerated`,
    marker: () => /spec-facts\.gen\.ts|audit-query\.gen\.ts/,
    run: () =>
      withCopy(
        copySpecSet(({ docs }) => {
          createAnswersChange.apply(docs[createAnswersChange.api]);
        }),
        (set) => checkGenerated(set),
      ),
  },
];

/** Runs every mutation (or the ones named) and says which checks caught each. */
export async function runMutations(ids?: readonly string[]): Promise<MutationOutcome[]> {
  const outcomes: MutationOutcome[] = [];
  for (const mutation of mutations.filter((m) => !ids?.length || ids.includes(m.id))) {
    const results = await mutation.run();
    const caught = results.filter((r) => r.problems.length > 0);
    // Every problem is searched, not only the first, for the marker.
    const named = caught.some((r) => r.problems.some((p) => mutation.marker().test(p)));
    outcomes.push({
      id: mutation.id,
      description: mutation.description,
      caughtBy: caught.map((r) => r.check),
      missedBy: results.filter((r) => r.problems.length === 0).map((r) => r.check),
      evidence: Object.fromEntries(caught.map((r) => [r.check, r.problems[0] ?? ''])),
      caught: caught.length > 0 && named,
    });
  }
  return outcomes;
}
