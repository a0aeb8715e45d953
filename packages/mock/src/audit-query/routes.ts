/** The audit query service v2 under `/audit-query-service`: create, status, result, cancel, resume, delete. */
import { type InjectedErrorStatus, MockConfigError } from '../config.js';
import type { Exchange, MockApi, MockContext } from '../context.js';
import { type EventQuery, generateEvents } from '../data/audit-events.js';
import type { AuditEvent } from '../data/catalog.js';
import { FAULT_HEADER } from '../faults.js';
import { auditQuery as facts } from '../generated/spec-facts.gen.js';
import { safeDecode, sendJson, sendStream, streamBody } from '../http.js';
import { statusText } from '../status-text.js';
import { isoMicros, springTimestamp } from '../time.js';
import { Authenticator } from './auth.js';
import { CreateQueryParser } from './create-query.js';
import { HourCache } from './hour-cache.js';
import { allows, FAILURE_REASON, type Job, type JobQuery, type JobState, JobStore, snapshot } from './jobs.js';
import { streamResult } from './result-stream.js';
import { SEED_TENANTS, Tenancy } from './tenancy.js';

/** The service prefix every path of this API starts with. */
export const AUDIT_QUERY_PREFIX = '/audit-query-service';

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => values[key] ?? m);
}

/** The audit query API and its jobs. */
export class AuditQueryApi implements MockApi {
  /** Jobs created through this server. */
  readonly jobs = new JobStore();
  /** Serialized tenant-hours shared by every result this server streams (bounded by bytes). */
  readonly hourCache = new HourCache();
  private readonly auth: Authenticator;
  private readonly createQueries = new CreateQueryParser();
  private readonly tenancy: Tenancy;
  /** How long a new or resumed job stays PENDING: none when configured to start PROCESSING. */
  private readonly pendingMs: number;

  constructor(private readonly ctx: MockContext) {
    const cfg = ctx.config.auditQuery ?? {};
    // A configured map replaces the seed's: a company is then exactly what the config says.
    this.tenancy = new Tenancy(cfg.tenants ?? SEED_TENANTS);
    this.auth = new Authenticator(cfg.auditRoleIds);
    const initial: string = cfg.initialState ?? 'PENDING';
    // Both create and resume answer it, so the spec must allow it for both (x-transitions).
    const allowed = facts.transitions.createExportJob.to.filter((s) =>
      (facts.transitions.resumeExportJob.to as readonly string[]).includes(s),
    );
    if (!(allowed as readonly string[]).includes(initial))
      throw new MockConfigError(
        `config.auditQuery.initialState must be one of ${allowed.join(', ')} (the spec's x-transitions for create and resume), got ${String(initial)}`,
      );
    this.pendingMs = initial === 'PENDING' ? (cfg.pendingMs ?? 200) : 0;
  }

  matches(path: string): boolean {
    return path === AUDIT_QUERY_PREFIX || path.startsWith(`${AUDIT_QUERY_PREFIX}/`);
  }

  /** Spring's error body; `path` is the request path without the service prefix, as in the seed. */
  fail(
    ex: Exchange,
    status: number,
    message?: string,
    headers: Record<string, string> = {},
    error = statusText(status) || 'Error',
  ): void {
    const body: Record<string, unknown> = { timestamp: springTimestamp(ex.now), status, error };
    if (message !== undefined) body.message = message;
    body.path = ex.url.pathname.slice(AUDIT_QUERY_PREFIX.length) || '/';
    sendJson(ex, status, body, headers);
  }

  /**
   * An injected 5xx: the spec's example `error` and `message` for a status it declares (500, and
   * 504 for the 600 s gateway timeout); 502 and 503, which only a gateway in front of the service
   * would send, get the reason phrase and a note that the mock injected them.
   */
  failInjected(ex: Exchange, status: InjectedErrorStatus, headers: Record<string, string>): void {
    const declared: { error: string; message?: string } | undefined =
      facts.serverErrors[String(status) as keyof typeof facts.serverErrors];
    const message = declared?.message ?? `Injected failure (${FAULT_HEADER}: error-rate / error-status=${status})`;
    this.fail(ex, status, message, headers, declared?.error);
  }

  async handle(ex: Exchange): Promise<void> {
    const path = ex.url.pathname.slice(AUDIT_QUERY_PREFIX.length);
    const m = /^\/v2\/export(?:\/(status|result|cancel|resume))?(?:\/([^/]+))?\/?$/.exec(path);
    const method = ex.method;
    const op = m?.[1];
    // A malformed percent-encoding names no job: answered like an unknown one.
    const jobId = m?.[2] ? (safeDecode(m[2]) ?? m[2]) : undefined;
    const route =
      m && method === 'GET' && !op && !jobId
        ? 'create'
        : m && method === 'GET' && op && jobId
          ? op
          : m && method === 'DELETE' && !op && jobId
            ? 'delete'
            : undefined;
    if (!route) {
      this.fail(ex, m ? 405 : 404, m ? `Request method '${method}' is not supported` : undefined);
      return;
    }
    const auth = this.auth.authenticate(ex.request.headers, ex.now);
    if (!auth.ok) {
      const message = auth.status === 401 ? facts.messages.unauthorized : facts.messages.forbidden;
      this.fail(ex, auth.status, message, auth.status === 401 ? { 'www-authenticate': facts.wwwAuthenticate } : {});
      return;
    }
    const limit = this.ctx.limiter?.take(auth.caller.accessToken, ex.now);
    if (limit && !limit.ok) {
      this.fail(ex, 429, limit.message, { 'retry-after': String(limit.retryAfterSeconds) });
      return;
    }
    if (route === 'create') {
      this.create(ex, auth.caller.company);
      return;
    }
    const company = auth.caller.company;
    const job = jobId ? this.jobs.get(jobId) : undefined;
    if (!job || !jobId) {
      // The seed's 404 on status has no message; the others name the job.
      this.fail(ex, 404, route === 'status' ? undefined : fill(facts.messages.jobNotFound, { jobId: jobId ?? '' }));
      return;
    }
    // A job is its company's: another company's token learns nothing but 403 (decision D17).
    if (job.company !== company || !this.tenancy.allows(company, job.query.tenantId)) {
      this.fail(ex, 403, facts.messages.forbidden);
      return;
    }
    if (route === 'status') sendJson(ex, 200, this.details(job, ex.now));
    else if (route === 'result') this.result(ex, job);
    else if (route === 'cancel') this.cancel(ex, job);
    else if (route === 'resume') this.resume(ex, job);
    else this.remove(ex, job);
  }

  /**
   * What a create or resume answers: the state the run starts in, one x-transitions lets both
   * operations answer (decision D15), even when a zero-length run has already finished by now.
   */
  private startedStatus(job: Job): { status: JobState; jobId: string; statusTime: string } {
    const status: JobState = job.pendingMs > 0 ? 'PENDING' : 'PROCESSING';
    return { status, jobId: job.jobId, statusTime: isoMicros(job.runStart) };
  }

  private shortStatus(job: Job, now: number): { status: string; jobId: string; statusTime: string } {
    const s = snapshot(job, now);
    return { status: s.state, jobId: job.jobId, statusTime: isoMicros(s.since) };
  }

  private create(ex: Exchange, company: string): void {
    const parsed = this.createQueries.parse(ex.url);
    if (!parsed.ok) {
      this.fail(ex, 400, parsed.message);
      return;
    }
    const { tenantId, startMs, endMs, filters } = parsed;
    // One company per request: only a tenant of the id_token's company (decision D17).
    if (!this.tenancy.allows(company, tenantId)) {
      this.fail(ex, 403, facts.messages.forbidden);
      return;
    }
    const cfg = this.ctx.config.auditQuery ?? {};
    // The request takes no limit: the server's default applies unless configured (decision D16).
    const query: JobQuery = { tenantId, startMs, endMs, filters, limit: cfg.resultLimit ?? facts.defaultResultLimit };
    const job = this.jobs.create(company, query, ex.now, {
      pendingMs: this.pendingMs,
      processingMs: cfg.processingMs ?? 800,
      fail: ex.faults.failJob === true,
    });
    sendJson(ex, 200, this.startedStatus(job));
  }

  /** The status body: the seed's fields, with `params` as a JSON string of Jackson-shaped times. */
  details(job: Job, now: number): Record<string, unknown> {
    const s = snapshot(job, now);
    const q = job.query;
    const day = new Date(job.createdAt).toISOString().slice(0, 10).replaceAll('-', '/');
    return {
      id: job.id,
      jobId: job.jobId,
      params: job.params,
      status: s.state,
      filePath:
        s.state === 'COMPLETED'
          ? `/audit_events_log_data/tenants/${q.tenantId}/${day}/events-data-${job.jobId}.json`
          : null,
      createdAt: isoMicros(job.createdAt),
      completedAt: s.completedAt === undefined ? null : isoMicros(s.completedAt),
      failureReason: s.state === 'FAILED' ? FAILURE_REASON : null,
    };
  }

  /** The events a COMPLETED job's result holds (the ground truth for tests). */
  events(job: Job): Generator<AuditEvent> {
    return generateEvents(this.eventQuery(job));
  }

  private eventQuery(job: Job): EventQuery {
    const q = job.query;
    return {
      seed: this.ctx.seed,
      tenantId: q.tenantId,
      startMs: q.startMs,
      endMs: q.endMs,
      // Retention is judged when the run started processing, so a result reads the same every time.
      nowMs: job.runStart + job.pendingMs,
      retentionDays: facts.retentionDays,
      eventsPerHour: this.ctx.config.auditQuery?.eventsPerHour ?? 30,
      filters: q.filters,
      ...(q.limit === undefined ? {} : { limit: q.limit }),
    };
  }

  private result(ex: Exchange, job: Job): void {
    if (snapshot(job, ex.now).state !== 'COMPLETED') {
      this.fail(ex, 400, fill(facts.messages.resultNotCompleted, { jobId: job.jobId }));
      return;
    }
    const chunks = streamResult(this.eventQuery(job), this.hourCache, ex.faults.dropAfterLines);
    sendStream(ex, 200, { 'content-type': facts.resultMediaType }, streamBody(chunks));
  }

  private cancel(ex: Exchange, job: Job): void {
    if (!allows('cancelExportJob', snapshot(job, ex.now).state)) {
      this.fail(ex, 400, fill(facts.messages.cancelNotPending, { jobId: job.jobId }));
      return;
    }
    this.jobs.cancel(job, ex.now);
    sendJson(ex, 200, this.shortStatus(job, ex.now));
  }

  private resume(ex: Exchange, job: Job): void {
    if (!allows('resumeExportJob', snapshot(job, ex.now).state)) {
      this.fail(ex, 400, fill(facts.messages.resumeNotResumable, { jobId: job.jobId }));
      return;
    }
    this.jobs.resume(job, ex.now, ex.faults.failJob === true);
    sendJson(ex, 200, this.startedStatus(job));
  }

  private remove(ex: Exchange, job: Job): void {
    if (!allows('deleteExportJob', snapshot(job, ex.now).state)) {
      this.fail(ex, 400, fill(facts.messages.deleteActive, { jobId: job.jobId }));
      return;
    }
    const body = this.shortStatus(job, ex.now);
    this.jobs.delete(job.jobId);
    sendJson(ex, 200, body);
  }
}
