/**
 * Zoho export files: RFC 4180 CSV, and a ZIP of CSV parts streamed with fflate. fflate is used
 * because it is small, maintained, dependency-free and streams (`Zip` + `ZipDeflate` emit bytes
 * as CSV is pushed), so a million-entry export never sits in memory.
 */
import type { ServerResponse } from 'node:http';
import { Zip, ZipDeflate } from 'fflate';
import { writeChunk } from '../http.js';
import { zohoTime } from '../time.js';
import type { ZohoEntry } from './entries.js';

/** Entries per CSV file: a single CSV up to this many, else a ZIP of CSV parts this size (Zoho's rule). */
export const ENTRIES_PER_FILE = 100_000;
/** At most this many entries per export (Zoho's rule). */
export const MAX_ENTRIES = 1_000_000;

/** Quotes one CSV field per RFC 4180 when it holds a comma, quote, CR or LF. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

// Column values by header name; a header the mock does not know gets empty cells.
const COLUMNS: Record<string, (e: ZohoEntry) => string> = {
  'Audited Time': (e) => zohoTime(e.auditedTime),
  'Done By': (e) => e.doneBy.name,
  Action: (e) => e.action,
  Module: (e) => e.module.api_name,
  'Record Name': (e) => e.recordName,
  'Record Id': (e) => e.recordId,
  Source: (e) => e.source,
  'IP Address': (e) => e.ipAddress,
};

/** Builds the row writer for a header (from the spec's CSV example). */
export function csvWriter(header: readonly string[]): { head: string; row: (e: ZohoEntry) => string } {
  const getters = header.map((name) => COLUMNS[name] ?? (() => ''));
  return {
    head: `${header.map(csvField).join(',')}\r\n`,
    row: (e) => `${getters.map((get) => csvField(get(e))).join(',')}\r\n`,
  };
}

/** Options shared by the two file writers. */
export interface FileOptions {
  header: readonly string[];
  /** Destroy the connection after this many rows (fault injection). */
  dropAfter?: number | undefined;
}

const BATCH_BYTES = 256 * 1024;

async function cut(res: ServerResponse): Promise<false> {
  await new Promise((resolve) => setTimeout(resolve, 20));
  res.destroy();
  return false;
}

/** Streams one CSV file of `entries`; false when the stream was cut. */
export async function streamCsv(
  res: ServerResponse,
  entries: Iterable<ZohoEntry>,
  options: FileOptions,
): Promise<boolean> {
  const csv = csvWriter(options.header);
  let text = csv.head;
  let rows = 0;
  for (const entry of entries) {
    text += csv.row(entry);
    if (options.dropAfter !== undefined && ++rows >= options.dropAfter) {
      res.write(text);
      return cut(res);
    }
    if (text.length >= BATCH_BYTES) {
      if (!(await writeChunk(res, Buffer.from(text)))) return false;
      text = '';
    }
  }
  if (res.destroyed) return false;
  res.end(text);
  return true;
}

/** Streams a ZIP of CSV parts (`<stem>_001.csv`, ...) of up to {@link ENTRIES_PER_FILE} entries; false when cut. */
export async function streamZip(
  res: ServerResponse,
  entries: Iterable<ZohoEntry>,
  stem: string,
  options: FileOptions,
): Promise<boolean> {
  const csv = csvWriter(options.header);
  const pending: Uint8Array[] = [];
  let failed: Error | undefined;
  const zip = new Zip((error, chunk) => {
    if (error) failed = error;
    else pending.push(chunk);
  });
  // fflate emits synchronously while data is pushed; flush what it produced, honouring backpressure.
  const flush = async (): Promise<boolean> => {
    if (failed) throw failed;
    while (pending.length > 0) {
      if (!(await writeChunk(res, pending.shift() as Uint8Array))) return false;
    }
    return true;
  };
  let part: ZipDeflate | undefined;
  let inPart = 0;
  let parts = 0;
  let rows = 0;
  let text = '';
  for (const entry of entries) {
    if (!part || inPart === ENTRIES_PER_FILE) {
      if (part) part.push(Buffer.from(text), true);
      text = '';
      parts++;
      // Level 1: the mock's job is to be fast; the archive is still a standard deflated ZIP.
      part = new ZipDeflate(`${stem}_${String(parts).padStart(3, '0')}.csv`, { level: 1 });
      zip.add(part);
      text = csv.head;
      inPart = 0;
    }
    text += csv.row(entry);
    inPart++;
    if (options.dropAfter !== undefined && ++rows >= options.dropAfter) {
      part.push(Buffer.from(text), false);
      await flush();
      return cut(res);
    }
    if (text.length >= BATCH_BYTES) {
      part.push(Buffer.from(text), false);
      text = '';
      if (!(await flush())) return false;
    }
  }
  if (!part) {
    part = new ZipDeflate(`${stem}_001.csv`, { level: 1 });
    zip.add(part);
    text = csv.head;
  }
  part.push(Buffer.from(text), true);
  zip.end();
  if (!(await flush())) return false;
  res.end();
  return true;
}
