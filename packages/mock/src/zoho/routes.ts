/** Zoho CRM audit log export: create, list, get, and the download links it hands out. */
import type { InjectedErrorStatus } from '../config.js';
import type { Exchange, MockApi, MockContext } from '../context.js';
import { zoho as facts } from '../generated/spec-facts.gen.js';
import { createFacts } from '../generated/zoho-create.gen.js';
import { header, readBody, safeDecode, sendJson, sendStream, streamBody } from '../http.js';
import { DAY_MS, zohoTime } from '../time.js';
import { decodeZohoToken, type ZohoTokenClaims } from '../tokens.js';
import { CriteriaError, compileCriteria, type Predicate } from './criteria.js';
import { generateZohoEntries, type ZohoEntry } from './entries.js';
import { ENTRIES_PER_FILE, MAX_ENTRIES, streamCsv, streamZip } from './files.js';
import { checkCreateBody, type ZohoErrorCode } from './violations.js';

export type { ZohoErrorCode } from './violations.js';

/** An operation of the Zoho document: its scopes come from the operation's `security`. */
type OperationId = keyof typeof facts.scopes;
const versionPattern = new RegExp(createFacts.versionPattern);

/** One export job. */
export interface ZohoJob {
  id: string;
  org: string;
  createdBy: { name: string; id: string };
  criteria: unknown;
  keep: Predicate;
  startMs: number;
  endMs: number;
  createdAt: number;
  scheduledMs: number;
  progressMs: number;
  fail: boolean;
  /** Entries in the export, counted once when first needed after the job finished. */
  count: number | undefined;
}

type Phase = 'scheduled' | 'progress' | 'finished' | 'failed';

/** Picks the spec's spelling of a status (the seed's sample answers lower case). */
function statusWord(phase: Phase): string {
  return facts.statuses.find((s) => s === phase) ?? phase;
}

/** The Zoho API of the mock. */
export class ZohoApi implements MockApi {
  /** Jobs by id. */
  readonly jobs = new Map<string, ZohoJob>();
  private sequence = 0;

  constructor(private readonly ctx: MockContext) {}

  matches(path: string): boolean {
    return path.startsWith('/crm/') || /^\/v\d+\/crm\//.test(path);
  }

  /** Zoho's error body for a code the spec lists, with its status. */
  error(ex: Exchange, code: ZohoErrorCode, details: Record<string, unknown> = {}): void {
    const { status, message } = facts.errors[code];
    sendJson(ex, status, { code, details, message, status: 'error' });
  }

  fail(ex: Exchange, status: number, message: string): void {
    if (status >= 500) this.error(ex, 'INTERNAL_ERROR');
    else sendJson(ex, status, { code: 'INVALID_DATA', details: { reason: message }, message, status: 'error' });
  }

  /** The spec's INTERNAL_ERROR body (its only declared 5xx) under the injected status. */
  failInjected(ex: Exchange, status: InjectedErrorStatus, headers: Record<string, string>): void {
    const code: ZohoErrorCode = 'INTERNAL_ERROR';
    sendJson(ex, status, { code, details: {}, message: facts.errors[code].message, status: 'error' }, headers);
  }

  private authorize(ex: Exchange, operation: OperationId): ZohoTokenClaims | undefined {
    const token = /^Zoho-oauthtoken\s+(\S+)\s*$/i.exec(header(ex, 'authorization') ?? '')?.[1];
    const claims = token ? decodeZohoToken(token) : undefined;
    if (!claims) {
      this.error(ex, 'AUTHENTICATION_FAILURE');
      return undefined;
    }
    const needed: readonly string[] = facts.scopes[operation];
    if (!needed.every((scope) => claims.scopes.includes(scope))) {
      this.error(ex, 'OAUTH_SCOPE_MISMATCH', { required_scope: needed.join(' ') });
      return undefined;
    }
    // The seed's NO_PERMISSION ("contact the system admin"): a profile without the audit log permission.
    if (!claims.auditLogPermission) {
      this.error(ex, 'NO_PERMISSION');
      return undefined;
    }
    return claims;
  }

  async handle(ex: Exchange): Promise<void> {
    const path = ex.url.pathname;
    const method = ex.method;
    const list = /^\/crm\/(v\d+)\/settings\/audit_log_export\/?$/.exec(path);
    const one = /^\/crm\/(v\d+)\/settings\/audit_log_export\/([^/]+)\/?$/.exec(path);
    const file = /^\/(v\d+)\/crm\/([^/]+)\/auditlog\/([^/]+)\/([^/]+)$/.exec(path);
    if (list) {
      if (method === 'GET') this.list(ex);
      else if (method === 'POST') await this.create(ex, list[1] as string);
      else this.error(ex, 'INVALID_REQUEST_METHOD');
    } else if (one) {
      // A malformed percent-encoding names no job: answered like an unknown one.
      if (method === 'GET') this.getOne(ex, safeDecode(one[2] as string) ?? (one[2] as string));
      else this.error(ex, 'INVALID_REQUEST_METHOD');
    } else if (file) {
      if (method === 'GET') this.download(ex, file[2] as string, file[3] as string, file[4] as string);
      else this.error(ex, 'INVALID_REQUEST_METHOD');
    } else {
      this.error(ex, 'INVALID_URL_PATTERN');
    }
  }

  private phase(job: ZohoJob, now: number): { phase: Phase; startedAt?: number; endedAt?: number } {
    const startedAt = job.createdAt + job.scheduledMs;
    const endedAt = startedAt + job.progressMs;
    if (now < startedAt) return { phase: 'scheduled' };
    if (now < endedAt) return { phase: 'progress', startedAt };
    return { phase: job.fail ? 'failed' : 'finished', startedAt, endedAt };
  }

  /** Every entry the job exports: the earliest `resultLimit` ({@link MAX_ENTRIES}) of its range (the ground truth for tests). */
  *entries(job: ZohoJob): Generator<ZohoEntry> {
    let n = 0;
    const perHour = this.ctx.config.zoho?.entriesPerHour ?? 30;
    const limit = this.ctx.config.zoho?.resultLimit ?? MAX_ENTRIES;
    for (const entry of generateZohoEntries(this.ctx.seed, job.org, job.startMs, job.endMs, perHour, job.keep)) {
      if (n++ >= limit) return;
      yield entry;
    }
  }

  private count(job: ZohoJob): number {
    if (job.count === undefined) {
      let n = 0;
      for (const _ of this.entries(job)) n++;
      job.count = n;
    }
    return job.count;
  }

  private fileName(job: ZohoJob): string {
    return this.count(job) > ENTRIES_PER_FILE ? 'AuditLog_001.zip' : 'AuditLog_001.csv';
  }

  /** A job as the API shows it at `now` (the control page lists its `status`). */
  view(job: ZohoJob, now: number): Record<string, unknown> {
    const p = this.phase(job, now);
    const ttl = this.ctx.config.zoho?.linkTtlMs ?? 7 * DAY_MS;
    const finished = p.phase === 'finished' && p.endedAt !== undefined;
    return {
      id: job.id,
      status: statusWord(p.phase),
      job_start_time: p.startedAt === undefined ? null : zohoTime(p.startedAt),
      job_end_time: p.endedAt === undefined ? null : zohoTime(p.endedAt),
      expiry_date: finished ? zohoTime((p.endedAt as number) + ttl) : null,
      created_by: job.createdBy,
      ...(job.criteria === undefined ? {} : { criteria: job.criteria }),
      download_links: finished
        ? [
            `${this.ctx.config.zoho?.downloadBaseUrl ?? this.ctx.baseUrl()}/v2/crm/${job.org}/auditlog/${job.id}/${this.fileName(job)}`,
          ]
        : [],
    };
  }

  private list(ex: Exchange): void {
    const claims = this.authorize(ex, 'listAuditLogExportJobs');
    if (!claims) return;
    const jobs = [...this.jobs.values()].filter((j) => j.org === claims.org).reverse();
    if (jobs.length === 0) {
      this.error(ex, 'NO_CONTENT');
      return;
    }
    sendJson(ex, 200, { audit_log_export: jobs.map((j) => this.view(j, ex.now)) });
  }

  private getOne(ex: Exchange, id: string): void {
    const claims = this.authorize(ex, 'getAuditLogExportJob');
    if (!claims) return;
    const job = this.jobs.get(id);
    if (!job || job.org !== claims.org) {
      this.error(ex, 'INVALID_URL_PATTERN', { export_job_id: id });
      return;
    }
    sendJson(ex, 200, { audit_log_export: [this.view(job, ex.now)] });
  }

  private async create(ex: Exchange, version: string): Promise<void> {
    const claims = this.authorize(ex, 'createAuditLogExportJob');
    if (!claims) return;
    if (!versionPattern.test(version)) {
      this.error(ex, 'NOT_SUPPORTED', { version });
      return;
    }
    const text = await readBody(ex.request);
    if (text === undefined) {
      this.error(ex, 'INVALID_DATA', { api_name: 'audit_log_export', reason: 'body too large' });
      return;
    }
    let criteria: unknown;
    if (text.trim() !== '') {
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        this.error(ex, 'INVALID_DATA', { api_name: 'audit_log_export', reason: 'body is not JSON' });
        return;
      }
      // The spec's compiled schema decides; its x-violation-codes say which vendor code a violation gets.
      const violation = checkCreateBody(body);
      if (violation) {
        this.error(ex, violation.code, violation.details);
        return;
      }
      criteria = (body as { audit_log_export: [{ criteria: unknown }] }).audit_log_export[0].criteria;
    }
    let keep: Predicate = () => true;
    let window: [number, number] | undefined;
    if (criteria !== undefined) {
      try {
        ({ keep, window } = compileCriteria(criteria));
      } catch (error) {
        if (!(error instanceof CriteriaError)) throw error;
        this.error(ex, 'INVALID_DATA', { api_name: 'value', json_path: error.jsonPath, reason: error.message });
        return;
      }
    }
    // x-decision (spec): the same user's export with the same criteria, still scheduled or running.
    const same = JSON.stringify(criteria ?? null);
    const busy = [...this.jobs.values()].some(
      (j) =>
        j.org === claims.org &&
        j.createdBy.id === claims.user.id &&
        JSON.stringify(j.criteria ?? null) === same &&
        ['scheduled', 'progress'].includes(this.phase(j, ex.now).phase),
    );
    if (busy) {
      this.error(ex, 'ALREADY_SCHEDULED');
      return;
    }
    // Non-administrators export only their own entries (the vendor's rule, subordinates aside).
    const admin = claims.profile === 'Administrator' || claims.profile === 'CEO';
    const userKeep: Predicate = admin ? keep : (e) => e.doneBy.id === claims.user.id && keep(e);
    // Without criteria the last three years; with criteria but no range, the last 180 days (x-default-range-days).
    const { unfiltered, filtered } = createFacts.defaultRangeDays;
    const defaultStart = ex.now - (criteria === undefined ? unfiltered : filtered) * DAY_MS;
    const cfg = this.ctx.config.zoho ?? {};
    this.sequence++;
    const job: ZohoJob = {
      id: String(2276164000001008000n + BigInt(this.sequence * 7)),
      org: claims.org,
      createdBy: claims.user,
      criteria,
      keep: userKeep,
      startMs: Math.max(window?.[0] ?? defaultStart, ex.now - unfiltered * DAY_MS),
      endMs: Math.min(window?.[1] ?? ex.now, ex.now),
      createdAt: ex.now,
      scheduledMs: cfg.scheduledMs ?? 200,
      progressMs: cfg.progressMs ?? 800,
      fail: ex.faults.failJob === true,
      count: undefined,
    };
    this.jobs.set(job.id, job);
    sendJson(ex, 201, {
      audit_log_export: [
        { code: facts.created.code, details: { id: job.id }, message: facts.created.message, status: 'success' },
      ],
    });
  }

  private download(ex: Exchange, org: string, jobId: string, name: string): void {
    const claims = this.authorize(ex, 'downloadAuditLogExportFile');
    if (!claims) return;
    const job = this.jobs.get(jobId);
    if (job && job.org !== org) {
      this.error(ex, 'INVALID_URL_PATTERN');
      return;
    }
    if (job && claims.org !== org) {
      this.error(ex, 'NO_PERMISSION');
      return;
    }
    const p = job ? this.phase(job, ex.now) : undefined;
    if (!job || p?.phase !== 'finished' || name !== this.fileName(job)) {
      this.error(ex, 'INVALID_URL_PATTERN');
      return;
    }
    const ttl = this.ctx.config.zoho?.linkTtlMs ?? 7 * DAY_MS;
    if (ex.now > (p.endedAt as number) + ttl) {
      this.error(ex, 'INVALID_URL_PATTERN', { expiry_date: zohoTime((p.endedAt as number) + ttl) });
      return;
    }
    const zip = name.endsWith('.zip');
    const options = { header: facts.csvHeader, dropAfter: ex.faults.dropAfterLines };
    const chunks = zip
      ? streamZip(this.entries(job), name.replace(/_\d+\.zip$/, ''), options)
      : streamCsv(this.entries(job), options);
    sendStream(
      ex,
      200,
      { 'content-type': zip ? 'application/zip' : 'text/csv', 'content-disposition': `attachment; filename="${name}"` },
      streamBody(chunks),
    );
  }
}
