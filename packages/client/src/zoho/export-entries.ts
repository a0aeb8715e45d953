import type { Clock } from '../core/clock.js';
import { UnexpectedResponseError } from '../core/errors.js';
import { type ExportRun, exportRun, type StartedExport } from '../core/export-run.js';
import { instantKey, keyToEpochMs } from '../core/instant.js';
import type { PollingOptions } from '../core/poll.js';
import type { DownloadSource } from '../core/resumable-download.js';
import { openPoint, type ResumePoint, sameJson } from '../core/resume-point.js';
import { compareTimes, type WindowApi, windowExport } from '../core/window-export.js';
import { specValues } from '../generated/zoho.gen.js';
import { type AuditedTimeCondition, criteria as build, type Criteria, toZohoDateTime } from './criteria.js';
import type { ZohoAuditEntry, ZohoJobs } from './job-api.js';
import type { FileLimits } from './limits.js';

/** What `onProgress` is told. */
export interface ZohoExportProgress {
  /** Zoho's status, lower-cased (`scheduled`, `progress`, `finished`). */
  status: string;
  /** The job being read: the current part's. */
  jobId: string;
  /** Entries delivered so far (all parts and files). */
  entries: number;
  /** Bytes received of the current file. */
  bytes: number;
  /** 1-based number of the export (part) being read: more entries than Zoho's limit take several. */
  part: number;
  /** The latest audited time read so far: the range is delivered up to here (for an ETA). */
  reached?: string | undefined;
}

/** Options of exportEntries. */
export interface ExportEntriesOptions {
  /** Memory and size limits for each downloaded file (see FileLimits; defaults are DEFAULT_FILE_LIMITS). */
  limits?: FileLimits | undefined;
  /** What to export (default: Zoho's default, the last three years). Ignored with `jobId`. */
  criteria?: Criteria | undefined;
  /** Download an existing job instead of creating one. */
  jobId?: string | undefined;
  /**
   * The resume point of an earlier run (an error's `resumePoint`, or the run's `resumePoint()`), with the same
   * criteria or `jobId`: the export continues right after the entries it delivered, with none twice.
   */
  resumeFrom?: ResumePoint | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ZohoExportProgress) => void) | undefined;
  polling?: PollingOptions | undefined;
  /** How many times a download cut mid-file is restarted, skipping what was delivered (default 3). */
  downloadRetries?: number | undefined;
  /**
   * Most exports this call creates (default: as many as the range needs). More entries than Zoho's limit take
   * one export per limit's worth; with `maxExports: 1` an export at the limit ends in `ResultLimitError`.
   */
  maxJobs?: number | undefined;
  /**
   * Entries an export holds at most (default: the spec's `x-max-entries`, 1,000,000). Zoho's answers do not say
   * when an export was cut, so a server with a smaller limit must be named here for the client to continue.
   */
  resultLimit?: number | undefined;
  /** The CSV column with each entry's audited time (default: the spec's `x-time-column`, `Audited Time`). */
  timeColumn?: string | undefined;
}

/** The range a window export covers, kept in its resume points with the criteria. */
interface ZohoQuery {
  criteria: Criteria | null;
  /** The end of the range: the criteria's own, or when the export started. */
  to: string;
}

const DAY_MS = 86_400_000;
const MAX_RANGE_MS = specValues.maxRangeDays.AuditedTimeCondition * DAY_MS;
const TIME_COLUMN = specValues.timeColumns.AuditLogCsv;

/** Implements ZohoClient.exportEntries: create or attach, poll, every download link, and more exports past the limit. */
export function exportEntries(
  client: ZohoJobs,
  options: ExportEntriesOptions,
  clock: Clock,
  scrub: (text: string) => string,
): ExportRun<ZohoAuditEntry> {
  return exportRun(() => zohoWindow(client, options, clock, scrub));
}

/** The Zoho side of a window export: parts are exports of the same criteria over a later audited_time range. */
function zohoWindow(
  client: ZohoJobs,
  options: ExportEntriesOptions,
  clock: Clock,
  scrub: (text: string) => string,
): StartedExport<ZohoAuditEntry> {
  const fromJob = options.jobId !== undefined;
  const opened =
    options.resumeFrom === undefined
      ? undefined
      : openPoint(
          options.resumeFrom,
          fromJob
            ? { jobId: options.jobId }
            : {
                sameQuery: (saved) =>
                  sameJson((saved as Partial<ZohoQuery> | null)?.criteria, options.criteria ?? null),
              },
        );
  const query = (fromJob ? opened?.window?.query : (opened?.window?.query ?? newQuery(options.criteria, clock))) as
    | ZohoQuery
    | undefined;
  const limit = options.resultLimit ?? specValues.resultLimit;
  const timeColumn = options.timeColumn ?? TIME_COLUMN;
  const progress: ZohoExportProgress = {
    status: 'scheduled',
    jobId: opened?.jobId ?? options.jobId ?? '',
    entries: opened?.delivered ?? 0,
    bytes: 0,
    part: (opened?.window?.part ?? 0) + 1,
  };
  const report = () => options.onProgress?.({ ...progress });
  const api: WindowApi<ZohoAuditEntry> = {
    query,
    async createPart(from, signal) {
      const { criteria, until } = partCriteria(query as ZohoQuery, from);
      const jobId = await client.createExport(criteria, { signal });
      progress.status = 'scheduled';
      return { jobId, until };
    },
    async preparePart(jobId, signal) {
      const job = await client.waitForJob(jobId, {
        signal,
        polling: options.polling,
        onStatus: (current) => {
          progress.status = String(current.status).toLowerCase();
          report();
        },
      });
      const links = downloadLinks(job.download_links, jobId);
      const source: DownloadSource<ZohoAuditEntry> = {
        jobId,
        files: links.length,
        open: (file, attemptSignal, onBytes) =>
          client.download(links[file] ?? '', { signal: attemptSignal, onBytes, limits: options.limits }),
        keyOf: entryKey,
      };
      return { source, limit };
    },
    timeOf: (entry) => entry[timeColumn],
    // Entries have no id: their values, in order, tell them apart.
    idOf: entryKey,
    describe: (jobId, file) => `file ${file + 1} of Zoho job ${jobId}`,
    continueWith: fromJob
      ? 'exportEntries({ jobId: error.resumePoint.jobId, resumeFrom: error.resumePoint })'
      : 'exportEntries({ criteria: sameCriteria, resumeFrom: error.resumePoint })',
    noun: 'entries',
    scrub,
    progress: (place) => {
      Object.assign(progress, {
        jobId: place.jobId,
        part: place.part,
        entries: place.delivered,
        bytes: place.bytes,
        reached: place.reached,
      });
      report();
    },
  };
  const window = windowExport(api, {
    clock,
    signal: options.signal,
    resumeFrom: opened,
    jobId: fromJob ? options.jobId : undefined,
    maxJobs: options.maxJobs,
    downloadRetries: options.downloadRetries,
  });
  return { items: window.items(), resumePoint: window.resumePoint };
}

function entryKey(entry: ZohoAuditEntry): string {
  return Object.values(entry).join('\u001f');
}

/** A new export's range: the criteria's `audited_time` range, or up to now (Zoho's default range ends now). */
function newQuery(criteria: Criteria | undefined, clock: Clock): ZohoQuery {
  const range = rangeOf(criteria);
  return { criteria: criteria ?? null, to: range?.[1] ?? toZohoDateTime(new Date(clock.now())) };
}

/** The intersection of the `audited_time` ranges an `and` chain pins, or undefined when it pins none. */
function rangeOf(criteria: Criteria | undefined): [string, string] | undefined {
  let range: [string, string] | undefined;
  visitRanges(criteria, (condition) => {
    const [from = '', to = ''] = condition.value;
    range = range
      ? [compareTimes(from, range[0]) > 0 ? from : range[0], compareTimes(to, range[1]) < 0 ? to : range[1]]
      : [from, to];
    return condition;
  });
  return range;
}

/** Calls `visit` on every audited_time condition of the tree and rebuilds it with what `visit` returns. */
function visitRanges(
  criteria: Criteria | undefined,
  visit: (condition: AuditedTimeCondition) => AuditedTimeCondition,
): Criteria | undefined {
  if (criteria === undefined) return undefined;
  if ('group' in criteria) {
    const [first, second] = criteria.group;
    return { ...criteria, group: [visitRanges(first, visit) as Criteria, visitRanges(second, visit) as Criteria] };
  }
  return criteria.field.api_name === 'audited_time' ? visit(criteria as AuditedTimeCondition) : criteria;
}

/**
 * The criteria of the part that starts at `from` (undefined: the export's own criteria): the same conditions with
 * the range starting at `from`, within the 180 days Zoho allows; `until` when that stops short of the range's end.
 */
export function partCriteria(
  query: ZohoQuery,
  from: string | undefined,
): { criteria: Criteria | undefined; until?: string | undefined } {
  const original = query.criteria ?? undefined;
  if (from === undefined) return { criteria: original };
  const fromKey = instantKey(from);
  if (fromKey === undefined) {
    throw new UnexpectedResponseError(
      `An entry's audited time ${JSON.stringify(from)} is not a time: the export cannot continue from it.`,
      {
        code: 'BAD_RESPONSE',
      },
    );
  }
  const spanEnd = toZohoDateTime(new Date(keyToEpochMs(fromKey) + MAX_RANGE_MS));
  const until = compareTimes(spanEnd, query.to) < 0 ? spanEnd : undefined;
  const to = until ?? query.to;
  if (rangeOf(original) === undefined) {
    const range = build.auditedTimeBetween(from, to);
    return { criteria: original === undefined ? range : build.and(original, range), until };
  }
  const criteria = visitRanges(original, (condition) => {
    const [start = '', end = ''] = condition.value;
    return { ...condition, value: [compareTimes(from, start) > 0 ? from : start, end] };
  });
  return { criteria, until };
}

/**
 * The finished job's download links, checked before any download: `Finished` means the links are ready
 * (even an export with nothing in it has a header-only CSV), so a missing, empty or malformed list would
 * otherwise end as a silent empty export or a retried "incomplete" one.
 */
function downloadLinks(links: unknown, jobId: string): string[] {
  const usable = Array.isArray(links) && links.length > 0 && links.every(isHttpUrl);
  if (!usable) {
    throw new UnexpectedResponseError(
      `Zoho reports job ${jobId} finished, but its download_links are missing, empty or not http(s) URLs, so there is nothing to download. Read the job again; if it stays so, create a new export.`,
      { code: 'BAD_RESPONSE', jobId },
    );
  }
  return links as string[];
}

/** True for a string that parses as an http(s) URL (the origin and path rules are the download's). */
function isHttpUrl(link: unknown): boolean {
  try {
    return typeof link === 'string' && /^https?:$/.test(new URL(link).protocol);
  } catch {
    return false;
  }
}
