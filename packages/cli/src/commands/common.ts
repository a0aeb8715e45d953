/** What pull and sync share: the run's context, and the flags both take, checked. */
import type { RetryEvent } from '@audit-export/client';
import type { ApiName } from '../apis.js';
import { UsageError } from '../errors.js';
import {
  type AuditQueryFilters,
  auditQueryFilters,
  type FilterFlags,
  type ZohoFilters,
  zohoFilters,
} from '../filters.js';
import type { Reporter } from '../progress/reporter.js';
import { parseDuration } from '../times.js';

/** The process around a command (injected, so the commands stay testable). */
export interface RunContext {
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress line) or not (log lines). */
  isTty: boolean;
  /** Aborts on SIGINT/SIGTERM. */
  signal: AbortSignal;
  /** True once a signal asked the run to stop. */
  interrupted(): boolean;
  /** The command line to rerun, for messages. */
  rerun: string;
  now(): number;
}

/** Flags every export command takes. */
export interface ExportFlags extends FilterFlags {
  baseUrl?: string;
  credentials?: string;
  tokenCommand?: string;
  logFormat?: string;
  quiet?: boolean;
  pollInterval: string;
  checkpointEvery: string;
  resultLimit?: string;
}

/** `--base-url` checked: an http(s) URL without credentials or a query, no trailing slash. */
export function parseBaseUrl(text: string | undefined): string {
  if (!text) {
    throw new UsageError(
      '--base-url is required: the API root, e.g. http://127.0.0.1:4010/audit-query-service (audit-query) or http://127.0.0.1:4010 (zoho).',
      { flag: '--base-url' },
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `--base-url "${text}" is not a URL: give e.g. https://instance.apis.medallia.com/audit-query-service.`,
      {
        flag: '--base-url',
      },
    );
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new UsageError(`--base-url "${text}" must be an http(s) URL without user, query or fragment.`, {
      flag: '--base-url',
    });
  }
  return url.href.replace(/\/+$/, '');
}

/** A positive integer flag. */
export function parseCount(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(`${flag} "${text}" is not a positive whole number.`, { flag });
  }
  return value;
}

/** The API's filters from the flags. */
export function filtersOf(api: ApiName, flags: FilterFlags): AuditQueryFilters | ZohoFilters {
  return api === 'audit-query' ? auditQueryFilters(flags) : zohoFilters(flags);
}

/** `--poll-interval`, at least 50 ms. */
export function pollIntervalOf(flags: ExportFlags): number {
  const ms = parseDuration(flags.pollInterval, '--poll-interval');
  if (ms < 50) throw new UsageError('--poll-interval must be at least 50ms.', { flag: '--poll-interval' });
  return ms;
}

/** The retry callback the clients get: every retry is reported. */
export function retryReporter(reporter: Reporter): (event: RetryEvent) => void {
  return (event) => reporter.retry(event);
}

/** `--result-limit` (Zoho only): undefined means the spec's `x-max-entries`. */
export function resultLimitOf(api: ApiName, flags: ExportFlags): number | undefined {
  if (flags.resultLimit === undefined) return undefined;
  if (api !== 'zoho') {
    throw new UsageError('--result-limit is for zoho: the audit query server states its limit in each job.', {
      flag: '--result-limit',
    });
  }
  return parseCount(flags.resultLimit, '--result-limit');
}
