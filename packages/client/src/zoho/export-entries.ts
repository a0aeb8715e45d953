import type { Clock } from '../core/clock.js';
import { InvalidArgumentError, UnexpectedResponseError } from '../core/errors.js';
import type { PollingOptions } from '../core/poll.js';
import { type DownloadSource, resumableDownload } from '../core/resumable-download.js';
import { type ResumePoint, resumeStart } from '../core/resume-point.js';
import type { Criteria } from './criteria.js';
import type { ZohoAuditEntry, ZohoJobs } from './job-api.js';
import type { FileLimits } from './limits.js';

/** What `onProgress` is told. */
export interface ZohoExportProgress {
  /** Zoho's status, lower-cased (`scheduled`, `progress`, `finished`). */
  status: string;
  jobId: string;
  /** Entries delivered so far (all files). */
  entries: number;
  /** Bytes received of the current file. */
  bytes: number;
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
   * With `jobId`: the `resumePoint` of an ExportIncompleteError of this job (it names the file and the entries
   * delivered from it); the download continues right after them, with none twice, or fails with `RESULT_CHANGED`.
   */
  resumeFrom?: ResumePoint | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: ZohoExportProgress) => void) | undefined;
  polling?: PollingOptions | undefined;
  /** How many times a download cut mid-file is restarted, skipping what was delivered (default 3). */
  downloadRetries?: number | undefined;
}

/** Implements ZohoClient.exportEntries: create or attach, poll, then every download link through the engine. */
export async function* exportEntries(
  client: ZohoJobs,
  options: ExportEntriesOptions,
  clock: Clock,
  scrub: (text: string) => string,
): AsyncGenerator<ZohoAuditEntry, void, undefined> {
  const signal = options.signal;
  const resumeFrom = options.jobId === undefined ? undefined : options.resumeFrom;
  if (options.jobId === undefined && options.resumeFrom !== undefined) {
    // Without the job, a resume point would be silently dropped: say so instead.
    throw new InvalidArgumentError('resumeFrom continues an existing job: pass its jobId too.');
  }
  const jobId = options.jobId ?? (await client.createExport(options.criteria, { signal }));
  const progress: ZohoExportProgress = { status: 'scheduled', jobId, entries: 0, bytes: 0 };
  const report = () => options.onProgress?.({ ...progress });
  report();
  const job = await client.waitForJob(jobId, {
    signal,
    polling: options.polling,
    onStatus: (current) => {
      progress.status = String(current.status).toLowerCase();
      report();
    },
  });
  const links = downloadLinks(job.download_links, jobId);
  progress.entries = resumeStart(jobId, links.length, resumeFrom).delivered;
  const source: DownloadSource<ZohoAuditEntry> = {
    jobId,
    files: links.length,
    open: (file, attemptSignal, onBytes) =>
      client.download(links[file] ?? '', { signal: attemptSignal, onBytes, limits: options.limits }),
    // Entries have no id: the fingerprint covers their values, in order.
    keyOf: (entry) => Object.values(entry).join('\u001f'),
    describe: (file) => `file ${file + 1} of ${links.length} (${links[file] ?? ''}) of Zoho job ${jobId}`,
    continueWith: `exportEntries({ jobId: "${jobId}", resumeFrom })`,
    scrub,
  };
  yield* resumableDownload(source, {
    clock,
    signal,
    resumeFrom,
    downloadRetries: options.downloadRetries,
    onBytes: (bytes) => {
      progress.bytes = bytes;
      report();
    },
    onItem: (delivered) => {
      progress.entries = delivered;
    },
  });
  report();
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
