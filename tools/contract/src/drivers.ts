/**
 * The scenarios the conformance check runs, one per API, each through that API's client package.
 * Every operation is called on its success path and on each error path a schema-valid request can
 * reach on the stateful mock (bad or missing rights, unknown job, wrong state, rate limit, fault).
 */
import { createAuditQueryClient } from '@audit-export/client/audit-query';
import { createAuditResourceClient } from '@audit-export/client/audit-resource';
import { createZohoClient } from '@audit-export/client/zoho';
import { mintDevToken, mintZohoToken } from '@audit-export/mock';
import { operations } from '@audit-export/spec';
import { type Recorder, recordingFetch } from './exchanges.js';
import { checkJsonlBody, compileItemSchema, jsonlItemSchemaOf } from './line-schema.js';
import type { SpecSet } from './spec-set.js';

/** What every driver gets. */
export interface DriverContext {
  readonly set: SpecSet;
  readonly recorder: Recorder;
  /** The mock's clock, for credentials it accepts. */
  readonly now: number;
  /** Where problems with streamed lines go. */
  readonly lineProblems: string[];
}

const TENANT = 'acme';
const WINDOW = { tenantId: TENANT, startTime: '2026-11-23T00:00:00Z', endTime: '2026-11-23T06:00:00Z' };
const UNKNOWN_JOB = '384a79aa-f3e0-4bae-b2b5-8c512b4605bd';
// No retries (every status must reach the recorder); a client-side limit under the mock's 10/s.
const transport = { retry: false, rateLimit: { requestsPerWindow: 8 } } as const;
const polling = { minDelayMs: 50, maxDelayMs: 200, maxWaitTimeMs: 20_000 };
/** Mock time after which any job the drivers made has finished (pending + processing, with room). */
const JOB_DONE_MS = 10_000;

/** Runs a call expected to fail on the server (its status is what the recorder keeps). */
async function failing(call: () => Promise<unknown> | AsyncIterable<unknown>): Promise<void> {
  try {
    const value = call();
    if (value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
      for await (const _ of value as AsyncIterable<unknown>);
    } else await value;
  } catch {
    // Expected: the recorder holds the status, Prism's verdict and any problem body.
  }
}

/** Runs a call expected to succeed; a throw is a problem of the run. */
async function succeeding<T>(recorder: Recorder, label: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    recorder.problems.push(`${label}: the client threw ${(error as Error).name}: ${(error as Error).message}`);
    return undefined;
  }
}

/** Sends `call` with the mock's fault header set. */
async function withFault(recorder: Recorder, fault: string, call: () => Promise<void>): Promise<void> {
  recorder.fault = fault;
  try {
    await call();
  } finally {
    recorder.fault = undefined;
  }
}

/** Audit query: create, status, result, cancel, resume, delete, and their error paths. */
export async function driveAuditQuery(baseUrl: string, ctx: DriverContext): Promise<void> {
  const { recorder, now } = ctx;
  const doc = ctx.set.docs['audit-query'];
  const make = (tenant = TENANT, options: { apiToken?: string; auditRole?: boolean; unlimited?: boolean } = {}) => {
    const t = mintDevToken({ tenant, now, auditRole: options.auditRole ?? true });
    return createAuditQueryClient({
      baseUrl,
      auth: { accessToken: t.accessToken, apiToken: options.apiToken ?? t.idToken },
      fetch: recordingFetch('audit-query', doc, recorder),
      polling,
      ...transport,
      ...(options.unlimited ? { rateLimit: false as const } : {}),
    });
  };
  const client = make();
  const job = await succeeding(recorder, 'createExport', () =>
    client.createExport({ ...WINDOW, category: 'security' }),
  );
  if (!job) return;
  const id = job.jobId;
  await succeeding(recorder, 'getJob', () => client.getJob(id));
  await failing(() => client.streamResult(id)); // 400: not COMPLETED yet
  await failing(() => client.deleteJob(id)); // 400: not terminal
  await failing(() => client.resumeJob(id)); // 400: not FAILED/CANCELLED
  await succeeding(recorder, 'cancelJob', () => client.cancelJob(id));
  await failing(() => client.cancelJob(id)); // 400: not pending
  await succeeding(recorder, 'resumeJob', () => client.resumeJob(id));
  recorder.clock?.advance(JOB_DONE_MS);
  await succeeding(recorder, 'waitForJob', () => client.waitForJob(id));
  let streamed = 0;
  await succeeding(recorder, 'streamResult', async () => {
    for await (const _ of client.streamResult(id)) streamed++;
  });
  // The same result as raw text: every line the mock streams, checked by events and by the spec's schema.
  const resultOp = operations(doc).find((o) => jsonlItemSchemaOf(doc, o.operation));
  const raw = await client.raw.GET('/v2/export/result/{jobId}', {
    params: { path: { jobId: id } },
    parseAs: 'text',
    headers: { Accept: 'application/jsonl' },
  });
  if (!resultOp || typeof raw.data !== 'string') ctx.lineProblems.push(`no JSON Lines result for job ${id}`);
  else {
    const validate = compileItemSchema(doc, jsonlItemSchemaOf(doc, resultOp.operation) ?? {});
    ctx.lineProblems.push(...(await checkJsonlBody(raw.data, validate, `mock result of job ${id}`)));
    if (streamed === 0) ctx.lineProblems.push(`job ${id}: the client streamed no events`);
  }
  // Another company's token on this job: 403 on every job operation.
  const outsider = make('globex');
  for (const call of [
    () => outsider.getJob(id),
    () => outsider.streamResult(id),
    () => outsider.cancelJob(id),
    () => outsider.resumeJob(id),
    () => outsider.deleteJob(id),
  ])
    await failing(call);
  await succeeding(recorder, 'deleteJob', () => client.deleteJob(id));

  // 404 on every job operation, 400 on a reversed window.
  await failing(() => client.getJob(UNKNOWN_JOB));
  await failing(() => client.streamResult(UNKNOWN_JOB));
  await failing(() => client.cancelJob(UNKNOWN_JOB));
  await failing(() => client.resumeJob(UNKNOWN_JOB));
  await failing(() => client.deleteJob(UNKNOWN_JOB));
  // Sent raw: the client itself refuses a reversed window before sending it.
  await failing(() =>
    client.raw.GET('/v2/export', {
      params: { query: { ...WINDOW, startTime: WINDOW.endTime, endTime: WINDOW.startTime } },
    }),
  );

  // 401 (bad id_token), 403 (no audit role), 500 and 504 (injected: the mock's error-status stands
  // for the 600 s gateway timeout), 429 (bucket drained): every operation.
  const calls = (c: typeof client) => [
    () => c.createExport(WINDOW),
    () => c.getJob(UNKNOWN_JOB),
    () => c.streamResult(UNKNOWN_JOB),
    () => c.cancelJob(UNKNOWN_JOB),
    () => c.resumeJob(UNKNOWN_JOB),
    () => c.deleteJob(UNKNOWN_JOB),
  ];
  for (const call of calls(make(TENANT, { apiToken: 'x.y.z' }))) await failing(call);
  for (const call of calls(make(TENANT, { auditRole: false }))) await failing(call);
  await withFault(recorder, 'error-rate=1', async () => {
    for (const call of calls(client)) await failing(call);
  });
  await withFault(recorder, 'error-status=504', async () => {
    for (const call of calls(client)) await failing(call);
  });
  // The clock stands still while one token fires: the 11th request within a mock second is a 429.
  const hammer = make(TENANT, { unlimited: true });
  recorder.tickMs = 0;
  try {
    for (const call of calls(hammer)) {
      const before = recorder.exchanges.length;
      for (let i = 0; i < 25 && !recorder.exchanges.slice(before).some((e) => e.status === 429); i++)
        await failing(call);
    }
  } finally {
    recorder.tickMs = 120;
  }
}

/** Zoho: create (with and without criteria), list, get, download, and the seed's error codes. */
export async function driveZoho(baseUrl: string, ctx: DriverContext): Promise<void> {
  const { recorder } = ctx;
  const doc = ctx.set.docs.zoho;
  const make = (token: string) =>
    createZohoClient({
      baseUrl,
      auth: { accessToken: token },
      fetch: recordingFetch('zoho', doc, recorder),
      polling,
      ...transport,
    });
  const client = make(mintZohoToken());
  await succeeding(recorder, 'listJobs (none yet)', () => client.listJobs()); // 400 NO_CONTENT, an empty list
  const range = { comparator: 'between', field: { api_name: 'audited_time' } };
  const criteria = { ...range, value: ['2026-11-01T00:00:00+05:30', '2026-11-02T00:00:00+05:30'] } as never;
  const id = await succeeding(recorder, 'createExport', () => client.createExport(criteria));
  if (!id) return;
  await succeeding(recorder, 'getJob', () => client.getJob(id));
  recorder.clock?.advance(JOB_DONE_MS);
  const done = await succeeding(recorder, 'waitForJob', () => client.waitForJob(id));
  await succeeding(recorder, 'listJobs', () => client.listJobs());
  const link = done?.download_links?.[0];
  if (!link) recorder.problems.push(`zoho job ${id} finished without download_links`);
  else {
    // The link names the mock; send it through the Prism proxy instead (same path).
    const viaProxy = `${baseUrl}${new URL(link).pathname}`;
    let rows = 0;
    await succeeding(recorder, 'download', async () => {
      for await (const _ of client.download(viaProxy)) rows++;
    });
    if (rows === 0) recorder.problems.push(`zoho job ${id}: the download held no rows`);
    await failing(() => make(mintZohoToken({ org: '999' })).download(viaProxy)); // 403: another org's file
    await failing(() => client.download(viaProxy.replace(/\/[^/]+$/, '/missing.csv'))); // 404
    await failing(() => make('1000.bm9wZQ.00').download(viaProxy)); // 401
    await withFault(recorder, 'error-rate=1', () => failing(() => client.download(viaProxy)));
  }
  await failing(() => client.createExport({ ...range, comparator: 'in', value: ['x'] } as never)); // 400
  await failing(() => client.getJob('123')); // 404
  const bad = make('1000.bm9wZQ.00');
  const filesOnly = make(mintZohoToken({ scopes: ['ZohoFiles.files.READ'] }));
  // 403 NO_PERMISSION: a profile without the permission to export audit logs.
  const denied = make(mintZohoToken({ auditLogPermission: false }));
  for (const c of [bad, filesOnly, denied]) {
    await failing(() => c.listJobs());
    await failing(() => c.createExport(criteria));
    await failing(() => c.getJob(id));
  }
  await withFault(recorder, 'error-rate=1', async () => {
    await failing(() => client.listJobs());
    await failing(() => client.createExport(criteria));
    await failing(() => client.getJob(id));
  });
}

/** Audit resource: JSON and XML answers, a bad date (sent raw: the client would refuse it) and bad credentials. */
export async function driveAuditResource(baseUrl: string, ctx: DriverContext): Promise<void> {
  const { recorder } = ctx;
  const doc = ctx.set.docs['audit-resource'];
  const fetch = recordingFetch('audit-resource', doc, recorder);
  const client = createAuditResourceClient({
    baseUrl,
    auth: { username: 'edcAuditJohn', password: 'pw' },
    fetch,
    ...transport,
  });
  // Basic credentials with an empty user name (Prism itself answers a request without any): 401 from the mock.
  const anonymous = createAuditResourceClient({ baseUrl, fetch, ...transport });
  const filters = { action: 'UPDATE', resultCode: 'TRUE', startDate: '11/20/2026', stopDate: '11/23/2026' } as const;
  await succeeding(recorder, 'listAudits', () => client.listAudits(filters));
  await succeeding(recorder, 'listAuditsXml', () => client.listAuditsXml(filters));
  await failing(() => client.raw.GET('/audit', { params: { query: { startDate: '02/31/2026' } } })); // 400
  await failing(() => anonymous.raw.GET('/audit', { headers: { Authorization: 'Basic Og==' } })); // 401
}
