// Complete ranges for Zoho: more entries than an export holds are read as several exports, each entry once.
import { generateZohoEntries, mintZohoToken, type ZohoEntry } from '@audit-export/mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createZohoClient,
  criteria,
  InvalidArgumentError,
  ResultLimitError,
  type ResumePoint,
  type ZohoAuditEntry,
  type ZohoExportProgress,
} from '../src/zoho.js';
import { collect, createMockHost, NOW } from './helpers/mock.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

const SEED = 3;
const ORG = '15515278';
const PER_HOUR = 40;
const FROM = '2024-09-01T00:00:00Z';
const TO = '2024-09-08T00:00:00Z';
const week = criteria.auditedTimeBetween(FROM, TO);
const truth: ZohoEntry[] = [...generateZohoEntries(SEED, ORG, Date.parse(FROM), Date.parse(TO), PER_HOUR, () => true)];

/** A mock whose exports hold at most `resultLimit` entries, a client that knows it, and a count of creates. */
async function setup(resultLimit: number, entriesPerHour = PER_HOUR) {
  let creates = 0;
  const mock = await createMockHost({
    seed: SEED,
    config: { now: NOW, zoho: { scheduledMs: 5, progressMs: 10, entriesPerHour, resultLimit }, limits: false },
  });
  stop = mock.close;
  const client = createZohoClient({
    baseUrl: mock.url,
    auth: { accessToken: mintZohoToken({ org: ORG }) },
    polling: { minDelayMs: 5, maxDelayMs: 20 },
    rateLimit: false,
    fetch: (request) => {
      if (request.method === 'POST') creates++;
      return fetch(request);
    },
  });
  return { mock, client, creates: () => creates };
}

/** A bound against a hang for tests of many exports: seconds alone, much longer beside other suites. */
const MANY_JOBS_MS = 180_000;
const keys = (entries: readonly ZohoAuditEntry[]) =>
  entries.map((entry) => `${entry['Audited Time']}|${entry['Record Id']}`);
const truthKeys = (entries: readonly ZohoEntry[]) =>
  entries.map((entry) => `${new Date(entry.auditedTime).toISOString().slice(0, 19)}|${entry.recordId}`);
const normalized = (list: string[]) =>
  list.map((key) => {
    const [time = '', id] = key.split('|');
    return `${new Date(time).toISOString().slice(0, 19)}|${id}`;
  });

describe('a Zoho range past the entries limit', () => {
  it(
    'delivers every entry of a range 10x the limit exactly once, one export per limit',
    async () => {
      const limit = Math.ceil(truth.length / 10);
      const { client, creates } = await setup(limit);
      const progress: ZohoExportProgress[] = [];
      const entries = await collect(
        client.exportEntries({ criteria: week, resultLimit: limit, onProgress: (p) => progress.push(p) }),
      );
      expect(truth.length).toBeGreaterThan(4000);
      expect(normalized(keys(entries))).toEqual(truthKeys(truth));
      expect(creates()).toBeGreaterThanOrEqual(10);
      expect(creates()).toBeLessThanOrEqual(12);
      expect(progress.at(-1)).toMatchObject({ entries: truth.length, part: creates() });
    },
    MANY_JOBS_MS,
  );

  it(
    'without a range, continues in ranges of at most 180 days up to when the export started',
    async () => {
      // About one entry an hour over Zoho's default three years: one export holds a fifth of them.
      const { client, creates } = await setup(5000, 1);
      const entries = await collect(client.exportEntries({ resultLimit: 5000 }));
      const all = [
        ...generateZohoEntries(SEED, ORG, Date.parse(NOW) - 3 * 365 * 86_400_000, Date.parse(NOW), 1, () => true),
      ];
      expect(all.length).toBeGreaterThan(20_000);
      // The mock's three years end at its clock, a moment after NOW: every entry up to NOW is there, once.
      expect(normalized(keys(entries)).slice(0, all.length)).toEqual(truthKeys(all));
      expect(new Set(keys(entries)).size).toBe(entries.length);
      expect(creates()).toBeGreaterThanOrEqual(Math.ceil(all.length / 5000));
    },
    MANY_JOBS_MS,
  );

  it(
    'with maxJobs: 1, stops at the limit with a resume point that the same criteria continue',
    async () => {
      const limit = Math.ceil(truth.length / 3);
      const { client, creates } = await setup(limit);
      const first: ZohoAuditEntry[] = [];
      let error: unknown;
      try {
        for await (const entry of client.exportEntries({ criteria: week, resultLimit: limit, maxJobs: 1 }))
          first.push(entry);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ResultLimitError);
      expect(error).toMatchObject({ code: 'RESULT_LIMIT_REACHED', limit, eventsDelivered: limit });
      expect(creates()).toBe(1);
      const resumeFrom = JSON.parse(JSON.stringify((error as ResultLimitError).resumePoint)) as ResumePoint;
      await expect(
        collect(client.exportEntries({ criteria: criteria.action('added'), resultLimit: limit, resumeFrom })),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
      const rest = await collect(client.exportEntries({ criteria: week, resultLimit: limit, resumeFrom }));
      expect(normalized(keys([...first, ...rest]))).toEqual(truthKeys(truth));
    },
    MANY_JOBS_MS,
  );

  it('refuses a Zoho point whose file index was moved (a skipped file would be lost)', async () => {
    const { client } = await setup(truth.length + 1);
    const run = client.exportEntries({ criteria: week, resultLimit: truth.length + 1 });
    let n = 0;
    for await (const _ of run) if (++n === 10) break;
    const point = run.resumePoint() as ResumePoint;
    await expect(
      collect(client.exportEntries({ criteria: week, resumeFrom: { ...point, fileIndex: point.fileIndex + 1 } })),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    const rest = await collect(
      client.exportEntries({ criteria: week, resultLimit: truth.length + 1, resumeFrom: point }),
    );
    expect(rest).toHaveLength(truth.length - 10);
  });
});
