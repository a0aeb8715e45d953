import { faultyFetch, mintZohoToken } from '@audit-export/mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createAuditResourceClient } from '../src/audit-resource.js';
import { AuthError, ExportIncompleteError, InvalidArgumentError } from '../src/core/errors.js';
import { createZohoClient, criteria, type ZohoClientOptions } from '../src/zoho.js';
import { collect, createMockHost, NOW } from './helpers/mock.js';

let mock: Awaited<ReturnType<typeof createMockHost>> | undefined;
afterEach(async () => {
  await mock?.close();
  mock = undefined;
});

async function setup(options: Partial<ZohoClientOptions> = {}, entriesPerHour = 40) {
  mock = await createMockHost({
    seed: 3,
    config: { now: NOW, zoho: { scheduledMs: 20, progressMs: 40, entriesPerHour } },
  });
  const client = createZohoClient({
    baseUrl: mock.url,
    auth: { accessToken: mintZohoToken() },
    polling: { minDelayMs: 10, maxDelayMs: 40 },
    ...options,
  });
  return { mock, client };
}

const week = criteria.auditedTimeBetween('2024-09-01T00:00:00+05:30', '2024-09-08T00:00:00+05:30');
const isDownload = (request: Request) => new URL(request.url).pathname.includes('/auditlog/');

describe('Zoho exportEntries against the stateful mock', () => {
  it('creates with typed criteria, polls and streams the CSV entries of the ground truth', async () => {
    const { mock, client } = await setup();
    const statuses: string[] = [];
    let jobId = '';
    const entries = await collect(
      client.exportEntries({
        criteria: week,
        onProgress: (p) => {
          statuses.push(p.status);
          jobId = p.jobId;
        },
      }),
    );
    const truth = mock.expectedZohoEntries(jobId);
    expect(truth.length).toBeGreaterThan(1000);
    expect(entries.map((entry) => entry['Record Id'])).toEqual(truth.map((entry) => entry.recordId));
    expect(entries[0]?.['Done By']).toBe(truth[0]?.doneBy.name);
    expect(statuses).toContain('finished');
  });

  it('filters with a nested and/or group', async () => {
    const { mock, client } = await setup();
    const boyle = criteria.and(week, criteria.doneBy({ name: 'Boyle', id: '2276164000000799326' }));
    let jobId = '';
    const entries = await collect(client.exportEntries({ criteria: boyle, onProgress: (p) => (jobId = p.jobId) }));
    expect(entries.length).toBeGreaterThan(0);
    expect(new Set(entries.map((entry) => entry['Done By']))).toEqual(new Set(['Boyle']));
    expect(entries).toHaveLength(mock.expectedZohoEntries(jobId).length);
  });

  it('streams a ZIP of several CSV files (over 100,000 entries) exactly once across a dropped download', async () => {
    let downloads = 0;
    const fetch = faultyFetch('drop-after-lines=1000', (request) => isDownload(request) && downloads++ === 0);
    const { mock, client } = await setup({ fetch }, 1500);
    const job = await client.createExport(criteria.auditedTimeBetween('2024-09-01T00:00:00Z', '2024-09-04T06:00:00Z'));
    const finished = await client.waitForJob(job);
    expect(finished.download_links?.[0]).toMatch(/\.zip$/);
    const ids: string[] = [];
    for await (const entry of client.exportEntries({ jobId: job })) ids.push(entry['Record Id'] ?? '');
    const truth = mock.expectedZohoEntries(job).map((entry) => entry.recordId);
    expect(truth.length).toBeGreaterThan(100_000);
    expect(ids.length).toBe(truth.length);
    expect(ids.every((id, i) => id === truth[i])).toBe(true);
    expect(downloads).toBe(2);
  }, 60_000);

  it('says how many entries were delivered when the download keeps breaking', async () => {
    const { client } = await setup({ fetch: faultyFetch('drop-after-lines=10', isDownload) });
    const error = await collect(client.exportEntries({ criteria: week, downloadRetries: 1 })).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ExportIncompleteError);
    expect(error).toMatchObject({ eventsDelivered: 10 });
  });

  it('refuses to send the token to a download host it does not trust', async () => {
    const { client } = await setup();
    await expect(
      collect(client.download('https://evil.example/v2/crm/1/auditlog/2/AuditLog_001.csv')),
    ).rejects.toMatchObject({
      code: 'UNTRUSTED_DOWNLOAD_ORIGIN',
    });
    await expect(collect(client.download('not a url'))).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it('reports a token without the CREATE scope as AuthError with Zoho’s code', async () => {
    const { client } = await setup({
      auth: { accessToken: mintZohoToken({ scopes: ['ZohoCRM.settings.audit_logs.READ'] }) },
    });
    const error = await client.createExport(week).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).apiCode).toBe('OAUTH_SCOPE_MISMATCH');
  });
});

describe('audit resource against the mock', () => {
  it('lists audits as JSON with typed filters, and as XML on request', async () => {
    mock = await createMockHost({ seed: 3, config: { now: NOW } });
    const client = createAuditResourceClient({ baseUrl: mock.url, auth: { username: 'edcAuditJohn', password: 'pw' } });
    const audits = await client.listAudits({
      action: 'LOGIN',
      startDate: new Date('2024-09-25T00:00:00Z'),
      stopDate: '09/30/2024',
    });
    expect(audits.length).toBeGreaterThan(0);
    expect(new Set(audits.map((audit) => audit.eventType))).toEqual(new Set(['LOGIN']));
    expect(await client.listAuditsXml({ stopDate: '2024-09-30' })).toMatch(/^<\?xml|<auditResult/);
  });

  it('answers 401 without credentials as AuthError', async () => {
    mock = await createMockHost({ seed: 3, config: { now: NOW } });
    const client = createAuditResourceClient({ baseUrl: mock.url });
    await expect(client.listAudits()).rejects.toBeInstanceOf(AuthError);
  });
});
