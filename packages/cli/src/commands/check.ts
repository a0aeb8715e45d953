/**
 * `audit-export check <api> --base-url URL`: runs the spec's Arazzo workflows against a server with the given
 * credentials, validates every response against the spec, reports each deviation (operation, status, JSON
 * pointer, rule), and deletes the audit query jobs the workflows created (Zoho has no delete operation: its
 * jobs expire by themselves).
 */
import { parseApi } from '../apis.js';
import { Budget } from '../budget.js';
import { type Exchange, runWorkflows, type WorkflowResult } from '../check/arazzo.js';
import { type Deviation, validateResponse } from '../check/validate.js';
import { type Credentials, resolveCredentials } from '../credentials.js';
import { FailedError, UsageError } from '../errors.js';
import { scrub } from '../secrets.js';
import { isoOf, parseInstant } from '../times.js';
import { parseBaseUrl, type RunContext } from './common.js';

/** The flags of check. */
export interface CheckFlags {
  baseUrl?: string;
  tenant?: string;
  from: string;
  to: string;
  credentials?: string;
  tokenCommand?: string;
  format: string;
}

/** The outcome, as `--format json` prints it. */
export interface CheckReport {
  api: string;
  baseUrl: string;
  workflows: WorkflowResult[];
  deviations: Deviation[];
  requests: number;
  cleanup: string[];
}

const REQUEST_TIMEOUT_MS = 30_000;

/** Runs check; resolves with the report (printed), rejects with FailedError when the server departs from the contract. */
export async function runCheck(
  apiText: string,
  flags: CheckFlags,
  context: RunContext,
  print: (text: string) => void,
): Promise<CheckReport> {
  const api = parseApi(apiText);
  const baseUrl = parseBaseUrl(flags.baseUrl);
  if (flags.format !== 'text' && flags.format !== 'json') {
    throw new UsageError(`--format "${flags.format}" is not text or json.`, { flag: '--format' });
  }
  if (api === 'audit-query' && !flags.tenant) {
    throw new UsageError('check audit-query needs --tenant <id>: the tenant the workflows export from.', {
      flag: '--tenant',
    });
  }
  const now = context.now();
  const fromMs = parseInstant(flags.from, '--from', now);
  const toMs = parseInstant(flags.to, '--to', now);
  if (fromMs >= toMs)
    throw new UsageError(`--from ${isoOf(fromMs)} is not before --to ${isoOf(toMs)}.`, { flag: '--from' });
  const auth = await resolveCredentials(api, flags, context.env);
  const credentials: Credentials = typeof auth === 'function' ? await auth({ forceRefresh: false }) : auth;
  const inputs: Record<string, string> =
    api === 'audit-query'
      ? {
          accessToken: credentials.accessToken,
          apiToken: credentials.apiToken ?? '',
          tenantId: flags.tenant as string,
          startTime: isoOf(fromMs),
          endTime: isoOf(toMs),
          // Makes the mock fail the job the resume workflow needs; a real server ignores the header.
          mockFault: 'fail-job',
        }
      : { zohoToken: credentials.accessToken, from: zohoTime(fromMs), to: zohoTime(toMs) };

  const deviations: Deviation[] = [];
  const exchanges: Exchange[] = [];
  const limiter = new Budget(api, undefined, context.now).perSecond();
  const sent: number[] = [];
  const send = async (request: Request): Promise<Response> => {
    if (limiter) {
      // A sliding window: at most requestsPerWindow in any windowMs.
      while (
        sent.length >= limiter.requestsPerWindow &&
        Date.now() - (sent.at(-limiter.requestsPerWindow) as number) < limiter.windowMs
      ) {
        await sleep(limiter.windowMs - (Date.now() - (sent.at(-limiter.requestsPerWindow) as number)) + 1);
      }
      sent.push(Date.now());
      if (sent.length > 100) sent.splice(0, sent.length - 100);
    }
    return fetch(request, {
      signal: AbortSignal.any([context.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
      redirect: 'manual',
    });
  };
  const onResponse = (exchange: Exchange) => {
    exchanges.push(exchange);
    if (exchange.operationId) {
      deviations.push(
        ...validateResponse(api, exchange.operationId, exchange.status, exchange.contentType, exchange.body),
      );
    }
  };
  let workflows: WorkflowResult[] = [];
  let cleanup: string[] = [];
  try {
    workflows = await runWorkflows({ api, baseUrl, inputs, send, onResponse, sleep });
  } finally {
    // The jobs the workflows created go, whatever happened.
    cleanup = await deleteCreatedJobs(api, baseUrl, credentials, exchanges, send, onResponse);
  }
  const report: CheckReport = { api, baseUrl, workflows, deviations, requests: exchanges.length, cleanup };
  print(flags.format === 'json' ? JSON.stringify(report, null, 2) : textReport(report));
  const failed = workflows.filter((w) => !w.passed).length;
  if (deviations.length > 0 || failed > 0) {
    throw new FailedError(
      `${baseUrl} does not keep the contract: ${deviations.length} deviation(s), ${failed} workflow(s) failed.`,
      { code: 'CONTRACT_DEVIATION' },
    );
  }
  return report;
}

/** Cancels (if still running) and deletes every audit query job a workflow created and did not delete. */
async function deleteCreatedJobs(
  api: string,
  baseUrl: string,
  credentials: Credentials,
  exchanges: Exchange[],
  send: (request: Request) => Promise<Response>,
  onResponse: (exchange: Exchange) => void,
): Promise<string[]> {
  if (api !== 'audit-query')
    return ['Zoho has no delete operation: the export jobs the workflow created expire by themselves.'];
  const created = exchanges
    .filter((e) => e.operationId === 'createExportJob' && e.status === 200)
    .map((e) => (JSON.parse(e.body) as { jobId?: string }).jobId)
    .filter((id): id is string => typeof id === 'string');
  const deleted = new Set(
    exchanges
      .filter((e) => e.operationId === 'deleteExportJob' && e.status === 200)
      .map((e) => decodeURIComponent(e.url.split('/').at(-1) ?? '')),
  );
  const headers = { Authorization: `Bearer ${credentials.accessToken}`, api_token: credentials.apiToken ?? '' };
  const notes: string[] = [];
  for (const jobId of created) {
    if (deleted.has(jobId)) continue;
    const call = async (operationId: string, method: string, path: string) => {
      const url = `${baseUrl}/v2/export${path}`;
      const response = await send(new Request(url, { method, headers }));
      const body = await response.text();
      onResponse({
        operationId,
        method,
        url,
        status: response.status,
        contentType: response.headers.get('content-type'),
        body,
      });
      return { status: response.status, body };
    };
    try {
      const status = await call('getExportJobStatus', 'GET', `/status/${encodeURIComponent(jobId)}`);
      const state = status.status === 200 ? (JSON.parse(status.body) as { status?: string }).status : undefined;
      if (state === 'PENDING' || state === 'PROCESSING')
        await call('cancelExportJob', 'GET', `/cancel/${encodeURIComponent(jobId)}`);
      const result = await call('deleteExportJob', 'DELETE', `/${encodeURIComponent(jobId)}`);
      notes.push(`job ${jobId}: ${result.status === 200 ? 'deleted' : `delete answered ${result.status}`}`);
    } catch (error) {
      notes.push(`job ${jobId}: could not be deleted (${scrub((error as Error).message)})`);
    }
  }
  return notes;
}

function textReport(report: CheckReport): string {
  const lines = [
    `check ${report.api} against ${report.baseUrl}: ${report.workflows.length} workflow(s), ${report.requests} request(s)`,
  ];
  for (const w of report.workflows)
    lines.push(`  ${w.passed ? 'PASS' : 'FAIL'} ${w.workflowId}${w.failure ? `: ${w.failure}` : ''}`);
  lines.push(
    report.deviations.length === 0 ? 'No deviations from the spec.' : `Deviations (${report.deviations.length}):`,
  );
  for (const d of report.deviations) {
    lines.push(`  ${d.operation} ${d.status} ${d.pointer || '/'} [${d.rule}] ${d.message}`);
  }
  for (const note of report.cleanup) lines.push(`cleanup: ${note}`);
  return scrub(lines.join('\n'));
}

function zohoTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
