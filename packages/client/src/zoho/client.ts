import createClient, { type Client } from 'openapi-fetch';
import { readBody } from '../core/abort.js';
import { type CredentialsOption, credentialSource, requireToken } from '../core/auth.js';
import { countedChunks } from '../core/byte-counter.js';
import { type Clock, systemClock, throwIfAborted } from '../core/clock.js';
import { ExportJobFailedError, InvalidArgumentError, UnexpectedResponseError } from '../core/errors.js';
import type { ExportRun } from '../core/export-run.js';
import { type PollingOptions, pollUntil } from '../core/poll.js';
import { createRedactor, scrubbedClient, scrubbedFetch } from '../core/redactor.js';
import { childController } from '../core/signals.js';
import { createTransport, type TransportOptions } from '../core/transport.js';
import { settle, unwrap } from '../core/unwrap.js';
import { type paths, specValues } from '../generated/zoho.gen.js';
import { downloadOriginCheck } from './download-origins.js';
import { csvEntries, zipEntries } from './entries.js';
import { type ExportEntriesOptions, exportEntries } from './export-entries.js';
import type { AuditLogExportJob, DownloadOptions, ZohoAuditEntry, ZohoJobs } from './job-api.js';

export type {
  ActionResult,
  AuditLogExportJob,
  DownloadOptions,
  ZohoAuditEntry,
  ZohoCallOptions,
  ZohoJobs,
  ZohoWaitOptions,
} from './job-api.js';

/** Zoho credentials: the OAuth access token sent as `Authorization: Zoho-oauthtoken <accessToken>`. */
export interface ZohoCredentials {
  accessToken: string;
}

/** Options of createZohoClient. */
export interface ZohoClientOptions extends TransportOptions {
  /** API domain of the data center, e.g. `https://www.zohoapis.com`. */
  baseUrl: string;
  /** API version, `v7` or later (default `v7`). */
  version?: string;
  /** The token, or a provider called per request (and with `forceRefresh` after a 401). */
  auth: CredentialsOption<ZohoCredentials>;
  /**
   * Origins besides baseUrl's and Zoho's documented download hosts that may receive the token when
   * downloading (exact origins: `https://host[:port]`, or plain http on a loopback host).
   */
  downloadOrigins?: readonly string[];
  /** Default status polling. */
  polling?: PollingOptions;
}

/** The Zoho CRM audit log export client. */
export interface ZohoClient extends ZohoJobs {
  /** The openapi-fetch client (same transport). */
  readonly raw: Client<paths>;
  /**
   * Create, poll and download every link: each entry of the range exactly once, with as many exports as Zoho's
   * entries limit needs, or a typed error. `resumePoint()` says where to continue at any time.
   */
  exportEntries(options?: ExportEntriesOptions): ExportRun<ZohoAuditEntry>;
}

const statuses = new Set<string>(specValues.enums.ExportStatus.map((status) => status.toLowerCase()));
const FINISHED = 'finished';
const FAILED = 'failed';

/** The `audit_log_export` array of a Zoho answer, or undefined when the answer has another shape. */
function listed(answer: unknown): unknown[] | undefined {
  const list = (answer as { audit_log_export?: unknown } | null)?.audit_log_export;
  return Array.isArray(list) ? list : undefined;
}

/** True for an object with an id and a status (what every other field of a job hangs on). */
function isJob(value: unknown): value is AuditLogExportJob {
  const job = value as { id?: unknown; status?: unknown } | null;
  return typeof job === 'object' && job !== null && job.id !== undefined && typeof job.status === 'string';
}

/** Case-insensitive Zoho status (the vendor text says `Finished`, its samples `finished`). */
export function zohoStatus(job: AuditLogExportJob): string {
  return String(job.status).toLowerCase();
}

/** Creates a Zoho CRM audit log export client. */
export function createZohoClient(options: ZohoClientOptions): ZohoClient {
  const clock: Clock = options.clock ?? systemClock;
  const version = options.version ?? 'v7';
  const credentials = credentialSource(options.auth, 'Zoho');
  const transport = createTransport({
    ...options,
    clock,
    canRefreshAuth: credentials.canRefresh,
    async authenticate(headers, request) {
      const token = requireToken((await credentials.get(request)).accessToken, 'accessToken');
      headers.set('Authorization', `Zoho-oauthtoken ${token}`);
      return [token];
    },
    isCreate: (request) => request.method === 'POST',
    // A file of download_links (`/{version}/crm/{org_id}/auditlog/…`): streamed, with its own limits.
    isDownload: (request) => /\/crm\/[^/]+\/auditlog\//.test(new URL(request.url).pathname),
  });
  const redactor = createRedactor(transport.secrets);
  const raw = createClient<paths>({ baseUrl: options.baseUrl, fetch: scrubbedFetch(transport.fetch, redactor) });
  const secrets = transport.secrets;
  const checkDownloadOrigin = downloadOriginCheck(options.baseUrl, options.downloadOrigins);
  const base = `/crm/${version}/settings/audit_log_export`;

  async function* download(link: string, call: DownloadOptions = {}): AsyncGenerator<ZohoAuditEntry, void, undefined> {
    let url: URL;
    try {
      url = new URL(link);
    } catch {
      throw new InvalidArgumentError(`Download link ${JSON.stringify(link)} is not a URL.`);
    }
    // The token goes only where Zoho's files live: a forged link must not receive it.
    checkDownloadOrigin(url);
    const match = /^(.*)\/([^/]+)\/crm\/([^/]+)\/auditlog\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    if (!match)
      throw new InvalidArgumentError(
        `Download link path ${url.pathname} is not /{version}/crm/{org_id}/auditlog/{job_id}/{file}.`,
      );
    const [, prefix = '', linkVersion = '', orgId = '', jobId = '', file = ''] = match;
    const { controller } = childController(call.signal);
    let finished = false;
    try {
      const result = raw.GET('/{version}/crm/{org_id}/auditlog/{job_id}/{file}', {
        baseUrl: `${url.origin}${prefix}`,
        params: { path: { version: linkVersion, org_id: orgId, job_id: jobId, file } },
        parseAs: 'stream',
        signal: controller.signal,
      });
      const body = (await unwrap(result, {
        method: 'GET',
        path: url.pathname,
        jobId,
        signal: controller.signal,
        secrets,
      })) as unknown as ReadableStream<Uint8Array>;
      // core's readBody races every read against the signal and checks it between chunks: a custom fetch that
      // drops the signal cannot keep the download going after an abort.
      const fields = { method: 'GET', path: url.pathname, jobId };
      const chunks = countedChunks(readBody(body, controller.signal, fields), call.onBytes);
      const isZip = /\.zip$/i.test(file);
      // The link's extension says what the body must be; limits bound what it may make us hold.
      const entryOptions = { ...call.limits, file };
      for await (const entry of isZip ? zipEntries(chunks, entryOptions) : csvEntries(chunks, entryOptions)) {
        // Rows of a chunk already parsed must not reach a caller who has aborted.
        throwIfAborted(call.signal, fields);
        yield entry;
      }
      finished = true;
    } finally {
      if (!finished && !controller.signal.aborted) controller.abort();
    }
  }

  const client: ZohoClient = {
    raw,
    async createExport(criteria, call = {}) {
      // Without criteria the body is left out (the spec's optional body: Zoho's default range); an entry
      // without criteria would be refused as MANDATORY_NOT_FOUND.
      const response = await unwrap(
        raw.POST('/crm/{version}/settings/audit_log_export', {
          params: { path: { version } },
          ...(criteria === undefined ? {} : { body: { audit_log_export: [{ criteria }] } }),
          signal: call.signal ?? null,
        }),
        { method: 'POST', path: base, signal: call.signal, secrets },
      );
      // Read defensively: the answer is the server's word, and a wrong shape must be a typed error.
      const id = (listed(response)?.[0] as { details?: { id?: unknown } } | null | undefined)?.details?.id;
      if (typeof id !== 'string' || id === '') {
        throw new UnexpectedResponseError('Zoho scheduled the export but its answer carries no job id (details.id).', {
          code: 'BAD_RESPONSE',
          path: base,
        });
      }
      return id;
    },
    async listJobs(call = {}) {
      const context = { method: 'GET', path: base, signal: call.signal, secrets };
      const result = await settle(
        raw.GET('/crm/{version}/settings/audit_log_export', {
          params: { path: { version } },
          signal: call.signal ?? null,
        }),
        context,
      );
      // NO_CONTENT (no job scheduled yet) is an empty list, not an error.
      if (result.response.status === 204) return [];
      const err = result.error as { code?: unknown } | null | undefined;
      if (result.response.status === 400 && err?.code === 'NO_CONTENT') return [];
      const jobs = listed(await unwrap(Promise.resolve(result), context));
      if (jobs?.every(isJob)) return jobs;
      throw new UnexpectedResponseError("Zoho's answer is not a list of export jobs, each with an id and a status.", {
        code: 'BAD_RESPONSE',
        path: base,
      });
    },
    async getJob(jobId, call = {}) {
      const path = `${base}/${jobId}`;
      const list = await unwrap(
        raw.GET('/crm/{version}/settings/audit_log_export/{export_job_id}', {
          params: { path: { version, export_job_id: jobId } },
          signal: call.signal ?? null,
        }),
        { method: 'GET', path, jobId, signal: call.signal, secrets },
      );
      const jobs = (listed(list) ?? []).filter(isJob);
      const job = jobs.find((candidate) => String(candidate.id) === jobId) ?? jobs[0];
      // A status this version does not know (a newer server's) is kept and polled like an active one.
      if (!job || typeof job.status !== 'string') {
        throw new UnexpectedResponseError(`Zoho's answer for job ${jobId} has no job or no status.`, {
          code: 'BAD_RESPONSE',
          jobId,
          path,
        });
      }
      return job;
    },
    async waitForJob(jobId, wait = {}) {
      const job = await pollUntil({
        clock,
        jobId,
        signal: wait.signal,
        options: { ...options.polling, ...wait.polling },
        check: () => client.getJob(jobId, { signal: wait.signal }),
        statusOf: zohoStatus,
        onStatus: wait.onStatus,
        isKnownStatus: (status) => statuses.has(status),
        isDone: (current) => zohoStatus(current) === FINISHED || zohoStatus(current) === FAILED,
      });
      if (zohoStatus(job) === FAILED) {
        throw new ExportJobFailedError(`Zoho audit log export job ${jobId} Failed; schedule a new export.`, { jobId });
      }
      return job;
    },
    download,
    exportEntries(exportOptions = {}) {
      return exportEntries(client, exportOptions, clock, (text) => redactor.text(text));
    },
  };
  return scrubbedClient(client, redactor);
}
