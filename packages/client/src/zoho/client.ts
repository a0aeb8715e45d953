import type { Client } from 'openapi-fetch';
import { type CredentialsOption, requireToken } from '../core/auth.js';
import { type ApiAccess, setUpClient } from '../core/client-setup.js';
import { ExportJobFailedError, UnexpectedResponseError } from '../core/errors.js';
import type { ExportRun } from '../core/export-run.js';
import { type PollingOptions, pollUntil } from '../core/poll.js';
import type { TransportOptions } from '../core/transport.js';
import { settle, unwrap } from '../core/unwrap.js';
import { type paths, specValues } from '../generated/zoho.gen.js';
import { downloadEntries } from './download.js';
import { downloadOriginCheck } from './download-origins.js';
import { type ExportEntriesOptions, exportEntries } from './export-entries.js';
import type { AuditLogExportJob, ZohoAuditEntry, ZohoJobs } from './job-api.js';

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

// Zoho's answers are read defensively: they are the server's word, and a wrong shape must be a typed error.

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

/** The new job's id in a create answer (`audit_log_export[0].details.id`). */
function createdJobId(answer: unknown, path: string): string {
  const id = (listed(answer)?.[0] as { details?: { id?: unknown } } | null | undefined)?.details?.id;
  if (typeof id !== 'string' || id === '') {
    throw new UnexpectedResponseError('Zoho scheduled the export but its answer carries no job id (details.id).', {
      code: 'BAD_RESPONSE',
      path,
    });
  }
  return id;
}

/** The jobs of a list answer, each with an id and a status. */
function jobList(answer: unknown, path: string): AuditLogExportJob[] {
  const jobs = listed(answer);
  if (jobs?.every(isJob)) return jobs;
  throw new UnexpectedResponseError("Zoho's answer is not a list of export jobs, each with an id and a status.", {
    code: 'BAD_RESPONSE',
    path,
  });
}

/** Case-insensitive Zoho status (the vendor text says `Finished`, its samples `finished`). */
export function zohoStatus(job: AuditLogExportJob): string {
  return String(job.status).toLowerCase();
}

/** How Zoho's API is called: one credential header, the create and the files of `download_links`. */
const zohoAccess: ApiAccess<ZohoCredentials> = {
  name: 'Zoho',
  sign(headers, credentials) {
    const token = requireToken(credentials?.accessToken, 'accessToken');
    headers.set('Authorization', `Zoho-oauthtoken ${token}`);
    return [token];
  },
  isCreate: (request) => request.method === 'POST',
  // A file of download_links (`/{version}/crm/{org_id}/auditlog/…`): streamed, with its own limits.
  isDownload: (request) => /\/crm\/[^/]+\/auditlog\//.test(new URL(request.url).pathname),
};

/** Creates a Zoho CRM audit log export client. */
export function createZohoClient(options: ZohoClientOptions): ZohoClient {
  const version = options.version ?? 'v7';
  const { clock, raw, secrets, scrub, seal } = setUpClient<paths, ZohoCredentials>(options, zohoAccess);
  const checkDownloadOrigin = downloadOriginCheck(options.baseUrl, options.downloadOrigins);
  const base = `/crm/${version}/settings/audit_log_export`;

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
      return createdJobId(response, base);
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
      return jobList(await unwrap(Promise.resolve(result), context), base);
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
    download(link, call = {}) {
      return downloadEntries({ raw, secrets, checkDownloadOrigin }, link, call);
    },
    exportEntries(exportOptions = {}) {
      return exportEntries(client, exportOptions, clock, scrub);
    },
  };
  return seal(client);
}
