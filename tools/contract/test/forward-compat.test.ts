// Today's clients against tomorrow's server. A copy of the spec gets the six
// compatible changes a vendor makes (tools/release/src/spec-mutations.mjs, each rated minor by the
// release gate: a new optional response field, a new job state, a new Zoho status, a new error code,
// a new catalog event, a new optional query parameter). The mock is rebuilt from that copy
// (src/next-server.ts), a vendor layer acts out what a schema cannot (when the new state shows, what
// the new field holds, when the new code is answered), and a Prism proxy of the changed documents
// validates every answer. The clients are the built @audit-export/client of this checkout.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BadRequestError, UnknownJobStatusError } from '@audit-export/client';
import { createAuditQueryClient } from '@audit-export/client/audit-query';
import { createZohoClient, criteria } from '@audit-export/client/zoho';
import { type AuditEvent, catalogEntryOf } from '@audit-export/events';
import type { MockServer } from '@audit-export/mock';
import {
  compatibleMutations,
  NEW_ERROR_CODE,
  NEW_EVENT,
  NEW_JOB_STATE,
  NEW_STATUS_FIELD,
  NEW_ZOHO_STATUS,
} from '@audit-export/release/spec-mutations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_NOW, SteppedClock } from '../src/mock.js';
import {
  type BuiltMock,
  buildMockFrom,
  startVendorLayer,
  type VendorLayer,
  type VendorRequest,
} from '../src/next-server.js';
import { type PrismProxy, startPrismProxy } from '../src/servers.js';
import { copySpecSet, type Doc, type SpecSet } from '../src/spec-set.js';

/** Mock time each request moves the clock by: a job is pending for 5 requests, processing for 2. */
const TICK_MS = 120;
const polling = { minDelayMs: 5, maxDelayMs: 20 };
/** A wait that runs out quickly, for a job the frozen clock keeps in the new state. */
const shortWait = { ...polling, maxWaitTimeMs: 400 };
const DAY = 24 * 3600_000;

let set: SpecSet;
let built: BuiltMock;
let mock: MockServer;
let layer: VendorLayer;
let auditQueryProxy: PrismProxy;
let zohoProxy: PrismProxy;
const clock = new SteppedClock(MOCK_NOW);
/** When set, the server's clock stops: jobs stay where they are. */
let frozen = false;
/** When set, the next Zoho create is answered with the new error code. */
let quotaReached = false;

const isCreate = (request: VendorRequest) =>
  request.method === 'POST' && /\/settings\/audit_log_export(\?|$)/.test(request.url);

/** What the next server sends that the rebuilt mock cannot know from the schema alone. */
function rewrite(request: VendorRequest, body: unknown): unknown {
  const json = body as Doc;
  if (request.url.startsWith('/audit-query-service/v2/export')) {
    // A job waits in the new state before it runs: the mock's PENDING phase.
    if (json?.status === 'PENDING') json.status = NEW_JOB_STATE;
    if (request.url.includes('/status/')) json[NEW_STATUS_FIELD] = json.status === NEW_JOB_STATE ? 2 : 0;
  }
  for (const job of Array.isArray(json?.audit_log_export) ? json.audit_log_export : []) {
    if (String(job?.status).toLowerCase() === 'scheduled') job.status = NEW_ZOHO_STATUS;
  }
  return json;
}

beforeAll(async () => {
  set = copySpecSet((copy) => {
    for (const mutation of compatibleMutations) mutation.apply(copy);
  });
  built = await buildMockFrom(set);
  mock = await built.module.createMockServer({
    port: 0,
    seed: 7,
    config: {
      now: clock.now,
      limits: false,
      auditQuery: { pendingMs: 5 * TICK_MS, processingMs: 2 * TICK_MS, eventsPerHour: 30 },
      zoho: { scheduledMs: 5 * TICK_MS, progressMs: 2 * TICK_MS, entriesPerHour: 2 },
    },
  });
  layer = await startVendorLayer(mock.url, {
    onRequest: () => {
      if (!frozen) clock.advance(TICK_MS);
    },
    answer: (request) => {
      if (!quotaReached || !isCreate(request)) return undefined;
      quotaReached = false;
      const message = 'the export quota of the organization is reached';
      return { status: 400, body: { code: NEW_ERROR_CODE, details: {}, message, status: 'error' } };
    },
    rewrite,
  });
  [auditQueryProxy, zohoProxy] = await Promise.all([
    startPrismProxy(join(set.dir, 'audit-query.json'), `${layer.url}/audit-query-service`),
    startPrismProxy(join(set.dir, 'zoho.json'), layer.url),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([auditQueryProxy?.close(), zohoProxy?.close(), layer?.close(), mock?.close()]);
  built?.close();
  if (set) rmSync(set.dir, { recursive: true, force: true });
});

function auditQueryClient() {
  const { accessToken, idToken } = built.module.mintDevToken({ tenant: 'acme', now: MOCK_NOW });
  return createAuditQueryClient({ baseUrl: auditQueryProxy.url, auth: { accessToken, apiToken: idToken }, polling });
}

function zohoClient() {
  return createZohoClient({
    baseUrl: zohoProxy.url,
    auth: { accessToken: built.module.mintZohoToken() },
    downloadOrigins: [mock.url],
    polling,
  });
}

const window = { tenantId: 'acme', startTime: new Date(MOCK_NOW - 2 * DAY), endTime: new Date(MOCK_NOW - DAY) };

describe('the mock rebuilt from the changed spec', () => {
  it('regenerated the mock’s facts and the event catalog it draws from', () => {
    expect(built.regenerated).toEqual(
      expect.arrayContaining([
        'packages/mock/src/generated/spec-facts.gen.ts',
        'packages/events/src/generated/catalog.gen.ts',
      ]),
    );
  });
});

describe('today’s audit query client against it', () => {
  it('completes an export through the new job state, every event exactly once, the new event with a generic catalog entry', async () => {
    const statuses: string[] = [];
    let jobId = '';
    const events: AuditEvent[] = [];
    for await (const event of auditQueryClient().exportEvents({
      ...window,
      validate: true,
      onProgress: (progress) => {
        jobId = progress.jobId;
        if (statuses.at(-1) !== progress.status) statuses.push(progress.status);
      },
    })) {
      events.push(event);
    }
    expect(statuses[0]).toBe(NEW_JOB_STATE);
    expect(statuses.at(-1)).toBe('COMPLETED');
    expect(events.map((event) => event.eventId)).toEqual(mock.expectedEvents(jobId).map((event) => event.eventId));
    const unknown = events.filter((event) => event.name === NEW_EVENT.lineName);
    expect(unknown.length).toBeGreaterThan(0);
    for (const event of unknown) {
      expect(catalogEntryOf(event)).toMatchObject({ lineName: NEW_EVENT.lineName, module: 'Unknown', generic: true });
      expect(Object.keys(event.attributes ?? {})).toEqual(expect.arrayContaining(Object.keys(NEW_EVENT.attributes)));
    }
    const known = events.find((event) => event.name !== NEW_EVENT.lineName) as AuditEvent;
    expect(catalogEntryOf(known)).not.toHaveProperty('generic');
  });

  it('keeps the new status field it has no type for', async () => {
    const client = auditQueryClient();
    const job = await client.createExport(window);
    expect(job.status).toBe(NEW_JOB_STATE);
    const details = (await client.getJob(job.jobId)) as Doc;
    expect(details).toMatchObject({ status: NEW_JOB_STATE, [NEW_STATUS_FIELD]: 2 });
  });

  it('ends a wait that runs out in the new state with UnknownJobStatusError naming it', async () => {
    const client = auditQueryClient();
    frozen = true;
    try {
      const job = await client.createExport(window);
      const error = await client.waitForJob(job.jobId, { polling: shortWait }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnknownJobStatusError);
      expect(error).toMatchObject({ code: 'UNKNOWN_JOB_STATUS', jobStatus: NEW_JOB_STATE, jobId: job.jobId });
    } finally {
      frozen = false;
    }
  });
});

describe('today’s Zoho client against it', () => {
  const week = () => criteria.auditedTimeBetween(new Date(MOCK_NOW - 8 * DAY), new Date(MOCK_NOW - DAY));

  it('completes an export through the new status, every entry exactly once', async () => {
    const statuses: string[] = [];
    let jobId = '';
    let entries = 0;
    for await (const _ of zohoClient().exportEntries({
      criteria: week(),
      onProgress: (progress) => {
        jobId = progress.jobId;
        if (statuses.at(-1) !== progress.status) statuses.push(progress.status);
      },
    })) {
      entries++;
    }
    expect(statuses).toContain(NEW_ZOHO_STATUS.toLowerCase());
    expect(statuses.at(-1)).toBe('finished');
    expect(entries).toBeGreaterThan(0);
    expect(entries).toBe(mock.expectedZohoEntries(jobId).length);
  });

  it('reports the new error code in a typed BadRequestError, the code kept', async () => {
    quotaReached = true;
    const error = await zohoClient()
      .createExport(week())
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST', apiCode: NEW_ERROR_CODE });
  });

  it('ends a wait that runs out in the new status with UnknownJobStatusError naming it', async () => {
    const client = zohoClient();
    frozen = true;
    try {
      const jobId = await client.createExport(week());
      const error = await client.waitForJob(jobId, { polling: shortWait }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(UnknownJobStatusError);
      expect(error).toMatchObject({ jobStatus: NEW_ZOHO_STATUS.toLowerCase(), jobId });
    } finally {
      frozen = false;
    }
  });
});

describe('every answer', () => {
  it('was valid under the changed documents (Prism validated requests and responses)', async () => {
    // Prism logs asynchronously: give the last lines a moment.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect([...auditQueryProxy.violations(), ...zohoProxy.violations()]).toEqual([]);
  });
});
