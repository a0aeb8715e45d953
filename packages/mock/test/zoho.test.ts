import { strFromU8, unzipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { csvField, type MockServer, mintZohoToken } from '../src/index.js';
import { get, startMock } from './helpers.js';

const S = '/crm/v7/settings/audit_log_export';
let server: MockServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function auth(token = mintZohoToken()): Record<string, string> {
  return { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' };
}

async function create(url: string, criteria?: unknown, headers = auth()): Promise<string> {
  const body = criteria === undefined ? '' : JSON.stringify({ audit_log_export: [{ criteria }] });
  const res = await fetch(`${url}${S}`, { method: 'POST', headers, body });
  expect(res.status).toBe(201);
  return (
    ((await res.json()) as { audit_log_export: Array<{ details: { id: string } }> }).audit_log_export[0]?.details.id ??
    ''
  );
}

const week = (from: string, to: string) => ({
  comparator: 'between',
  field: { api_name: 'audited_time' },
  value: [from, to],
});

/** Splits RFC 4180 CSV (CRLF rows) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('Zoho audit log export', () => {
  it('schedules a job that moves scheduled → progress → finished and links a CSV', async () => {
    const mock = await startMock({ zoho: { scheduledMs: 100, progressMs: 100 } });
    server = mock.server;
    const none = await get(`${server.url}${S}`, auth());
    expect(JSON.parse(none.text)).toEqual({
      code: 'NO_CONTENT',
      details: {},
      message: 'No audit log has been scheduled',
      status: 'error',
    });
    const id = await create(server.url, week('2026-11-01T00:00:00+05:30', '2026-11-07T23:59:59+05:30'));
    const phases: string[] = [];
    for (let i = 0; i < 3; i++) {
      phases.push(JSON.parse((await get(`${server.url}${S}/${id}`, auth())).text).audit_log_export[0].status);
      mock.clock.advance(100);
    }
    expect(phases).toEqual(['scheduled', 'progress', 'finished']);
    const job = JSON.parse((await get(`${server.url}${S}`, auth())).text).audit_log_export[0];
    expect(job.download_links).toEqual([`${server.url}/v2/crm/15515278/auditlog/${id}/AuditLog_001.csv`]);
    const csv = await get(job.download_links[0], auth());
    expect(csv.headers.get('content-type')).toBe('text/csv');
    const rows = parseCsv(csv.text);
    expect(rows[0]).toEqual([
      'Audited Time',
      'Done By',
      'Action',
      'Module',
      'Record Name',
      'Record Id',
      'Source',
      'IP Address',
    ]);
    const truth = server.expectedZohoEntries(id);
    expect(rows.length - 1).toBe(truth.length);
    expect(rows.slice(1).map((r) => r[4])).toEqual(truth.map((e) => e.recordName));
  });
});

describe('Zoho audit log export files and filters', () => {
  it('streams a ZIP of CSV parts of up to 100,000 entries above that', async () => {
    const mock = await startMock({ zoho: { scheduledMs: 0, progressMs: 0, entriesPerHour: 1000 } });
    server = mock.server;
    const id = await create(server.url, week('2026-11-01T00:00:00Z', '2026-11-06T00:00:00Z'));
    const link = JSON.parse((await get(`${server.url}${S}/${id}`, auth())).text).audit_log_export[0].download_links[0];
    expect(link).toMatch(/AuditLog_001\.zip$/);
    const res = await fetch(link, { headers: auth() });
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    const names = Object.keys(files).sort();
    expect(names).toEqual(['AuditLog_001.csv', 'AuditLog_002.csv']);
    const counts = names.map((n) => parseCsv(strFromU8(files[n] as Uint8Array)).length - 1);
    expect(counts[0]).toBe(100_000);
    expect((counts[0] ?? 0) + (counts[1] ?? 0)).toBe(server.expectedZohoEntries(id).length);
  });

  it('filters by done_by, module and action, and shows non-administrators only their own entries', async () => {
    ({ server } = await startMock({ zoho: { scheduledMs: 0, progressMs: 0 } }));
    const criteria = {
      group_operator: 'and',
      group: [
        { comparator: 'in', field: { api_name: 'done_by' }, value: [{ name: 'Boyle', id: '2276164000000799326' }] },
        {
          group_operator: 'and',
          group: [
            { comparator: 'equal', field: { api_name: 'action' }, value: 'updated' },
            week('2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z'),
          ],
        },
      ],
    };
    const entries = server.expectedZohoEntries(await create(server.url, criteria));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.doneBy.name === 'Boyle' && e.action === 'updated')).toBe(true);
    const standard = auth(
      mintZohoToken({ profile: 'Standard', user: { id: '2276164000000471001', name: 'Patricia' } }),
    );
    const own = server.expectedZohoEntries(
      await create(server.url, week('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'), standard),
    );
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((e) => e.doneBy.name === 'Patricia')).toBe(true);
  });

  it('answers the seed error codes', async () => {
    ({ server } = await startMock({ zoho: { scheduledMs: 0, progressMs: 0 } }));
    const code = async (p: Promise<{ status: number; text: string }>) => {
      const r = await p;
      return [r.status, JSON.parse(r.text).code];
    };
    expect(await code(get(`${server.url}${S}`))).toEqual([401, 'AUTHENTICATION_FAILURE']);
    expect(await code(get(`${server.url}${S}`, auth(mintZohoToken({ scopes: ['ZohoFiles.files.READ'] }))))).toEqual([
      401,
      'OAUTH_SCOPE_MISMATCH',
    ]);
    expect(await code(get(`${server.url}${S}`, auth(), 'DELETE'))).toEqual([400, 'INVALID_REQUEST_METHOD']);
    expect(await code(get(`${server.url}/crm/v7/settings/nothing`, auth()))).toEqual([404, 'INVALID_URL_PATTERN']);
    expect(await code(get(`${server.url}${S}/123`, auth()))).toEqual([404, 'INVALID_URL_PATTERN']);
    const two = await fetch(`${server.url}${S}`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({ audit_log_export: [{}, {}] }),
    });
    expect([two.status, ((await two.json()) as { code: string }).code]).toEqual([400, 'LIMIT_EXCEEDED']);
    const bad = await fetch(`${server.url}${S}`, {
      method: 'POST',
      headers: auth(),
      body: JSON.stringify({
        audit_log_export: [{ criteria: { comparator: 'like', field: { api_name: 'action' }, value: 'x' } }],
      }),
    });
    expect(await bad.json()).toMatchObject({
      code: 'INVALID_DATA',
      details: { json_path: '$.audit_log_export[0].criteria' },
    });
    const id = await create(server.url);
    const link = `${server.url}/v2/crm/15515278/auditlog/${id}/AuditLog_001`;
    const other = auth(mintZohoToken({ org: '999' }));
    const file = JSON.parse((await get(`${server.url}${S}/${id}`, auth())).text).audit_log_export[0]
      .download_links[0] as string;
    expect(await code(get(file, other))).toEqual([403, 'NO_PERMISSION']);
    expect(await code(get(`${link}.nope`, auth()))).toEqual([404, 'INVALID_URL_PATTERN']);
  });
});

describe('Zoho audit log export refusals', () => {
  it('answers a create body over its 1 MB cap with INVALID_DATA on the wire, not a reset connection', async () => {
    ({ server } = await startMock());
    const body = JSON.stringify({ audit_log_export: [{ pad: 'x'.repeat(2_000_000) }] });
    const res = await fetch(`${server.url}${S}`, { method: 'POST', headers: auth(), body });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'INVALID_DATA', details: { reason: 'body too large' } });
    expect(await create(server.url)).not.toBe('');
  });

  it('answers NO_PERMISSION on every operation to a user whose profile may not export audit logs', async () => {
    ({ server } = await startMock({ zoho: { scheduledMs: 0, progressMs: 0 } }));
    const id = await create(server.url);
    const file = JSON.parse((await get(`${server.url}${S}/${id}`, auth())).text).audit_log_export[0]
      .download_links[0] as string;
    const denied = auth(mintZohoToken({ auditLogPermission: false }));
    const answers = [
      await fetch(`${server.url}${S}`, { headers: denied }),
      await fetch(`${server.url}${S}`, { method: 'POST', headers: denied }),
      await fetch(`${server.url}${S}/${id}`, { headers: denied }),
      await fetch(file, { headers: denied }),
    ];
    for (const res of answers) {
      expect([res.status, await res.json()]).toEqual([
        403,
        { code: 'NO_PERMISSION', details: {}, message: 'Permission denied', status: 'error' },
      ]);
    }
    // Scopes are judged first: a missing scope is still OAUTH_SCOPE_MISMATCH.
    const noScope = auth(mintZohoToken({ auditLogPermission: false, scopes: [] }));
    expect((await get(`${server.url}${S}`, noScope)).status).toBe(401);
  });
});

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['Acme, Inc.', '"Acme, Inc."'],
    ['Globex "Intl"', '"Globex ""Intl"""'],
    ['two\nlines', '"two\nlines"'],
  ])('quotes %j as RFC 4180 wants', (given, want) => {
    expect(csvField(given)).toBe(want);
  });
});
