import type { Client } from 'openapi-fetch';
import { readBody } from '../core/abort.js';
import { countedChunks } from '../core/byte-counter.js';
import { throwIfAborted } from '../core/clock.js';
import { InvalidArgumentError } from '../core/errors.js';
import { childController } from '../core/signals.js';
import { unwrap } from '../core/unwrap.js';
import type { paths } from '../generated/zoho.gen.js';
import { csvEntries, zipEntries } from './entries.js';
import type { DownloadOptions, ZohoAuditEntry } from './job-api.js';

/** The parts of a download link: `{prefix}/{version}/crm/{org_id}/auditlog/{job_id}/{file}` on its origin. */
interface DownloadLink {
  url: URL;
  prefix: string;
  version: string;
  orgId: string;
  jobId: string;
  file: string;
}

/** What a download needs of its client. */
export interface DownloadDeps {
  raw: Client<paths>;
  secrets: () => readonly string[];
  /** Throws unless the token may go to the link's origin (see download-origins.ts). */
  checkDownloadOrigin(url: URL): void;
}

/** Reads a link of `download_links`, whose origin `checkOrigin` accepts; else throws InvalidArgumentError. */
function parseDownloadLink(link: string, checkOrigin: (url: URL) => void): DownloadLink {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new InvalidArgumentError(`Download link ${JSON.stringify(link)} is not a URL.`);
  }
  // The token goes only where Zoho's files live: a forged link must not receive it.
  checkOrigin(url);
  const match = /^(.*)\/([^/]+)\/crm\/([^/]+)\/auditlog\/([^/]+)\/([^/]+)$/.exec(url.pathname);
  if (!match) {
    throw new InvalidArgumentError(
      `Download link path ${url.pathname} is not /{version}/crm/{org_id}/auditlog/{job_id}/{file}.`,
    );
  }
  const [, prefix = '', version = '', orgId = '', jobId = '', file = ''] = match;
  return { url, prefix, version, orgId, jobId, file };
}

/**
 * Streams the entries of one download link, CSV or ZIP of CSVs as its extension says, verified and bounded by
 * `call.limits`, never holding the file whole. Stopping early (break, error, abort) cancels the body.
 */
export async function* downloadEntries(
  deps: DownloadDeps,
  link: string,
  call: DownloadOptions = {},
): AsyncGenerator<ZohoAuditEntry, void, undefined> {
  const { url, prefix, version, orgId, jobId, file } = parseDownloadLink(link, deps.checkDownloadOrigin);
  const { controller } = childController(call.signal);
  let finished = false;
  try {
    const result = deps.raw.GET('/{version}/crm/{org_id}/auditlog/{job_id}/{file}', {
      baseUrl: `${url.origin}${prefix}`,
      params: { path: { version, org_id: orgId, job_id: jobId, file } },
      parseAs: 'stream',
      signal: controller.signal,
    });
    const body = (await unwrap(result, {
      method: 'GET',
      path: url.pathname,
      jobId,
      signal: controller.signal,
      secrets: deps.secrets,
    })) as unknown as ReadableStream<Uint8Array>;
    // core's readBody races every read against the signal and checks it between chunks: a custom fetch that
    // drops the signal cannot keep the download going after an abort.
    const fields = { method: 'GET', path: url.pathname, jobId };
    const chunks = countedChunks(readBody(body, controller.signal, fields), call.onBytes);
    // The link's extension says what the body must be; limits bound what it may make us hold.
    const entryOptions = { ...call.limits, file };
    for await (const entry of /\.zip$/i.test(file)
      ? zipEntries(chunks, entryOptions)
      : csvEntries(chunks, entryOptions)) {
      // Rows of a chunk already parsed must not reach a caller who has aborted.
      throwIfAborted(call.signal, fields);
      yield entry;
    }
    finished = true;
  } finally {
    if (!finished && !controller.signal.aborted) controller.abort();
  }
}
