/**
 * Zoho export files: RFC 4180 CSV, and a ZIP of CSV parts streamed with fflate. fflate is used
 * because it is small, maintained, dependency-free and streams (`Zip` + `ZipDeflate` emit bytes
 * as CSV is pushed), so a million-entry export never sits in memory.
 */
import { Zip, ZipDeflate } from 'fflate';
import { zoho as facts } from '../generated/spec-facts.gen.js';
import { ConnectionDrop, utf8 } from '../http.js';
import { zohoTime } from '../time.js';
import type { ZohoEntry } from './entries.js';

/** Entries per CSV file: a single CSV up to this many, else a ZIP of CSV parts this size (the spec's `x-entries-per-file`). */
export const ENTRIES_PER_FILE: number = facts.entriesPerFile;
/** At most this many entries per export, the earliest first (the spec's `x-max-entries`, decision Z9). */
export const MAX_ENTRIES: number = facts.maxEntries;

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

/** One CSV file of `entries` as byte chunks; throws {@link ConnectionDrop} at `dropAfter` rows. */
export function* streamCsv(entries: Iterable<ZohoEntry>, options: FileOptions): Generator<Uint8Array> {
  const csv = csvWriter(options.header);
  let text = csv.head;
  let rows = 0;
  for (const entry of entries) {
    text += csv.row(entry);
    if (options.dropAfter !== undefined && ++rows >= options.dropAfter) {
      yield utf8(text);
      throw new ConnectionDrop();
    }
    if (text.length >= BATCH_BYTES) {
      yield utf8(text);
      text = '';
    }
  }
  if (text) yield utf8(text);
}

/** A ZIP of CSV parts (`<stem>_001.csv`, ...) of up to {@link ENTRIES_PER_FILE} entries, as byte chunks. */
export function* streamZip(entries: Iterable<ZohoEntry>, stem: string, options: FileOptions): Generator<Uint8Array> {
  const csv = csvWriter(options.header);
  const pending: Uint8Array[] = [];
  let failed: Error | undefined;
  const zip = new Zip((error, chunk) => {
    if (error) failed = error;
    else pending.push(chunk);
  });
  // fflate emits synchronously while data is pushed: hand on what it produced.
  function* flush(): Generator<Uint8Array> {
    if (failed) throw failed;
    while (pending.length > 0) yield pending.shift() as Uint8Array;
  }
  let part: ZipDeflate | undefined;
  let inPart = 0;
  let parts = 0;
  let rows = 0;
  let text = '';
  for (const entry of entries) {
    if (!part || inPart === ENTRIES_PER_FILE) {
      if (part) part.push(utf8(text), true);
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
      part.push(utf8(text), false);
      yield* flush();
      throw new ConnectionDrop();
    }
    if (text.length >= BATCH_BYTES) {
      part.push(utf8(text), false);
      text = '';
      yield* flush();
    }
  }
  if (!part) {
    part = new ZipDeflate(`${stem}_001.csv`, { level: 1 });
    zip.add(part);
    text = csv.head;
  }
  part.push(utf8(text), true);
  zip.end();
  yield* flush();
}
