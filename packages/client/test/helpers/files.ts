import { strToU8, Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { FileVerificationError } from '../../src/zoho.js';

/** Columns from the spec's AuditLogCsv example (the header check wants at least one of them). */
export const HEADER = ['Audited Time', 'Done By', 'Record Name'] as const;

/** Quotes a CSV field per RFC 4180 when it needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value === '' ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A CSV file of `rows` under HEADER; `ends` are the character offsets where each line (header first) ends. */
export function csvText(rows: readonly (readonly string[])[], eol = '\r\n'): { text: string; ends: number[] } {
  let text = '';
  const ends: number[] = [];
  for (const row of [HEADER, ...rows]) {
    text += `${row.map(csvField).join(',')}${eol}`;
    ends.push(text.length);
  }
  return { text, ends };
}

/** The records a reader should yield for `rows`. */
export function recordsOf(rows: readonly (readonly string[])[]): Record<string, string>[] {
  return rows.map((row) => Object.fromEntries(HEADER.map((name, i) => [name, row[i] ?? ''])));
}

/** A ZIP written at once (sizes and CRC in the local headers). */
export function plainZip(files: Record<string, string | Uint8Array>, level: 0 | 6 = 6): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, data]) => [name, typeof data === 'string' ? strToU8(data) : data]),
    ),
    { level },
  );
}

/** A ZIP written as a stream (flag bit 3: sizes and CRC in data descriptors after each entry), as Java's ZipOutputStream does. */
export function streamedZip(files: Record<string, string | Uint8Array>, deflate = true): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    parts.push(data);
  });
  for (const [name, data] of Object.entries(files)) {
    const entry = deflate ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    zip.add(entry);
    entry.push(typeof data === 'string' ? strToU8(data) : data, true);
  }
  zip.end();
  return concat(parts);
}

/** One array of all parts. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The bytes cut at `cuts` (any order, out-of-range ignored), as a network would deliver them. */
export async function* chunks(bytes: Uint8Array, cuts: readonly number[] = []): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= start || cut >= bytes.length) continue;
    yield bytes.slice(start, cut);
    start = cut;
  }
  if (start < bytes.length) yield bytes.slice(start);
}

/** Reads everything; returns the items and the error that ended the read, if any. */
export async function outcome<T>(items: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const out: T[] = [];
  try {
    for await (const item of items) out.push(item);
    return { items: out, error: undefined };
  } catch (error) {
    return { items: out, error };
  }
}

/** Every code a file reader may fail with: anything else (a RangeError, a raw fflate error...) is a bug. */
export const FILE_CODES = new Set([
  'EMPTY_BODY',
  'NOT_A_ZIP',
  'UNEXPECTED_CSV_HEADER',
  'ZIP_CRC_MISMATCH',
  'ZIP_SIZE_MISMATCH',
  'ZIP_CORRUPT',
  'ZIP_TRUNCATED',
  'ZIP_UNSUPPORTED',
  'ZIP_NO_CSV',
  'CSV_TRUNCATED',
  'CSV_FIELD_COUNT',
  'CSV_MALFORMED',
  'CSV_INVALID_UTF8',
  'CSV_DUPLICATE_COLUMN',
  'CSV_EMPTY_COLUMN',
  'FIELD_TOO_LARGE',
  'ROW_TOO_LARGE',
  'TOO_MANY_COLUMNS',
  'ENTRY_TOO_LARGE',
  'COMPRESSION_RATIO',
]);

/** True when `error` is one of the typed file errors. */
export function isTypedFileError(error: unknown): boolean {
  return error instanceof FileVerificationError && FILE_CODES.has(error.code);
}
