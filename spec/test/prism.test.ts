import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiId, specPath } from '../src/index.ts';
import { type Doc, deref, loadDist, mediaExamples, specDir } from './helpers.ts';

/** Prism 5.16 needs Node >= 24.18: this Node if it is new enough, else the workspace toolchain's. */
function prismNode(): string {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major > 24 || (major === 24 && minor >= 18)) return process.execPath;
  if (process.env.PRISM_NODE) return process.env.PRISM_NODE;
  const cache = join(homedir(), '.cache', 'audit-export', 'toolchain');
  const dir = existsSync(cache) ? readdirSync(cache).find((d) => /^bin-node-24\./.test(d)) : undefined;
  if (!dir) throw new Error('no Node >= 24.18 for Prism; run the workspace bootstrap or set PRISM_NODE');
  return join(cache, dir, 'node');
}

const prismCli = join(specDir, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const servers = new Map<ApiId, { child: ChildProcess; base: string; log: string[] }>();

async function startPrism(id: ApiId) {
  const port = await freePort();
  const log: string[] = [];
  const child = spawn(prismNode(), [prismCli, 'mock', '-h', '127.0.0.1', '-p', String(port), specPath(id, 'json')], {
    cwd: specDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => log.push(String(d)));
  child.stderr?.on('data', (d) => log.push(String(d)));
  const base = `http://127.0.0.1:${port}`;
  servers.set(id, { child, base, log });
  const deadline = Date.now() + 40_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism exited: ${log.join('')}`);
    try {
      await fetch(base, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`prism did not start for ${id}: ${log.join('')}`);
}

beforeAll(async () => {
  await Promise.all((['audit-query', 'zoho', 'audit-resource'] as const).map(startPrism));
}, 60_000);

afterAll(() => {
  for (const { child } of servers.values()) child.kill('SIGTERM');
});

const medallia = {
  Authorization: 'Bearer ab35805bf5d8a964b3634fa71143be',
  api_token: 'eyJ0eXAiOiJKV1QifQ.e30.sig',
  'Content-Type': 'application/json',
};
const zohoAuth = { Authorization: 'Zoho-oauthtoken 1000.8cb99dxxxxxxxxxxxxx9be93.9b8xxxxxxxxxxxxxxxf' };
const job = '384a79aa-f3e0-4bae-b2b5-8c512b4605bd';

// [api, method, path template, request url, headers, body, status, media type]
const calls: Array<[ApiId, string, string, string, Record<string, string>, unknown, string, string]> = [
  [
    'audit-query',
    'get',
    '/v2/export',
    '/v2/export?tenantId=123302&startTime=2024-09-16T05:00:00z&endTime=2024-09-16T15:00:00z&f.username=jpatterson&f.attrName=color,tenant&f.attrVal=ivory,annabel',
    medallia,
    undefined,
    '200',
    'application/json',
  ],
  [
    'audit-query',
    'get',
    '/v2/export/status/{jobId}',
    `/v2/export/status/${job}`,
    medallia,
    undefined,
    '200',
    'application/json',
  ],
  [
    'audit-query',
    'get',
    '/v2/export/result/{jobId}',
    `/v2/export/result/${job}`,
    medallia,
    undefined,
    '200',
    'application/jsonl',
  ],
  [
    'audit-query',
    'get',
    '/v2/export/cancel/{jobId}',
    `/v2/export/cancel/${job}`,
    medallia,
    undefined,
    '200',
    'application/json',
  ],
  [
    'audit-query',
    'get',
    '/v2/export/resume/{jobId}',
    `/v2/export/resume/${job}`,
    medallia,
    undefined,
    '200',
    'application/json',
  ],
  ['audit-query', 'delete', '/v2/export/{jobId}', `/v2/export/${job}`, medallia, undefined, '200', 'application/json'],
  [
    'zoho',
    'get',
    '/crm/{version}/settings/audit_log_export',
    '/crm/v7/settings/audit_log_export',
    zohoAuth,
    undefined,
    '200',
    'application/json',
  ],
  [
    'zoho',
    'post',
    '/crm/{version}/settings/audit_log_export',
    '/crm/v7/settings/audit_log_export',
    { ...zohoAuth, 'Content-Type': 'application/json' },
    { audit_log_export: [{ criteria: { comparator: 'equal', field: { api_name: 'action' }, value: 'updated' } }] },
    '201',
    'application/json',
  ],
  [
    'zoho',
    'get',
    '/crm/{version}/settings/audit_log_export/{export_job_id}',
    '/crm/v7/settings/audit_log_export/2276164000001008015',
    zohoAuth,
    undefined,
    '200',
    'application/json',
  ],
  [
    'zoho',
    'get',
    '/{version}/crm/{org_id}/auditlog/{job_id}/{file}',
    '/v2/crm/15515278/auditlog/111111000000066005/AuditLog_001.csv',
    { ...zohoAuth, Accept: 'text/csv' },
    undefined,
    '200',
    'text/csv',
  ],
  [
    'audit-resource',
    'get',
    '/audit',
    '/audit?action=LOGIN&resultCode=TRUE&startDate=12/01/2015&stopDate=12/30/2015&userName=edcAuditJohn',
    { Cookie: 'JSESSIONID=abc', Accept: 'application/json' },
    undefined,
    '200',
    'application/json',
  ],
  [
    'audit-resource',
    'get',
    '/audit',
    '/audit',
    { Authorization: `Basic ${btoa('edcAuditJohn:secret')}`, Accept: 'application/xml' },
    undefined,
    '200',
    'application/xml',
  ],
];

describe('Prism mocks every operation of the bundled documents with its example', () => {
  it.each(calls)('%s %s %s (%s)', async (id, method, path, url, headers, body, status, mediaType) => {
    const doc: Doc = loadDist(`${id}.json`);
    const media = deref(doc, doc.paths[path][method].responses[status]).content[mediaType];
    const [want] = mediaExamples(doc, media);
    const server = servers.get(id);
    const res = await fetch(`${server?.base}${url}`, {
      method: method.toUpperCase(),
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    expect(res.status, `${text}\n${server?.log.slice(-5).join('')}`).toBe(Number(status));
    expect(res.headers.get('content-type')).toContain(mediaType);
    if (mediaType === 'application/json') expect(JSON.parse(text)).toEqual(want);
    else expect(text).toBe(want);
  });

  it('rejects a call without the api_token header', async () => {
    const res = await fetch(`${servers.get('audit-query')?.base}/v2/export/status/${job}`, {
      headers: { Authorization: medallia.Authorization },
      signal: AbortSignal.timeout(10_000),
    });
    await res.text();
    expect(res.status).toBe(401);
  });
});
