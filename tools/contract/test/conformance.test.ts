// Points 2, 3 and 4 (mock lines): every operation of every API, through its client, through
// `prism proxy <spec> <mock> --errors`, on the success path and every reachable error path.
import type { MockServer } from '@audit-export/mock';
import { apiIds, operations } from '@audit-export/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeProblems } from '../src/check.js';
import { type ConformanceReport, checkClientThroughPrism, UNREACHABLE_STATUSES } from '../src/conformance.js';
import { MOCK_NOW, SteppedClock, startContractMock } from '../src/mock.js';
import { loadSpecSet } from '../src/spec-set.js';

let mock: MockServer;
let report: ConformanceReport;
const set = loadSpecSet();

beforeAll(async () => {
  // A stepped clock: job states follow the requests, whatever the machine's load.
  const clock = new SteppedClock();
  mock = await startContractMock(clock);
  report = await checkClientThroughPrism({ set, mockUrl: mock.url, now: MOCK_NOW, clock });
}, 120_000);

afterAll(async () => {
  await mock?.close();
});

const outcome = (name: string) => {
  const found = report.results.find((r) => r.check === name);
  if (!found) throw new Error(`no result ${name}`);
  return found;
};

describe('the clients through Prism in front of the stateful mock', () => {
  it('send only valid requests and get only valid responses (no 422, no #VIOLATIONS, no logged Violation)', () => {
    expect(outcome('client.through-prism').problems, describeProblems(report.results)).toEqual([]);
  });

  it.each(apiIds.flatMap((id) => operations(set.docs[id]).map((op) => [id, op.operationId] as const)))(
    '%s %s was called and succeeded',
    (api, operationId) => {
      const statuses = report.exchanges
        .filter((e) => e.api === api && e.operationId === operationId)
        .map((e) => e.status);
      expect(
        statuses.some((s) => s >= 200 && s < 300),
        `statuses seen: ${statuses.join(', ')}`,
      ).toBe(true);
    },
  );

  it(`exercise every declared response status but the ${Object.keys(UNREACHABLE_STATUSES).length} listed as unreachable on the mock`, () => {
    expect(outcome('mock.response-coverage').problems, describeProblems([outcome('mock.response-coverage')])).toEqual(
      [],
    );
  });

  it('stream JSON Lines whose every line validates with @audit-export/events and the spec', () => {
    expect(outcome('mock.jsonl-lines').problems).toEqual([]);
  });
});
