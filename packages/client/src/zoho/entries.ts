import { FileVerificationError, LimitExceededError } from '../core/errors.js';
import { specValues } from '../generated/zoho.gen.js';
import { CsvParser, type CsvRecord, CsvRecords } from './csv.js';
import { type FileLimits, type ResolvedFileLimits, resolveLimits } from './limits.js';
import { OUTPUT_SLICE, readZip } from './zip.js';

/** Options of csvEntries and zipEntries: the limits, and what the file is expected to be. */
export interface EntriesOptions extends FileLimits {
  /** The file's name (the link's last segment), for error messages. */
  file?: string | undefined;
  /**
   * Columns a CSV header must share at least one of (default: the spec's AuditLogCsv example header);
   * `false` accepts any header of distinct names.
   */
  expectedColumns?: readonly string[] | false | undefined;
}

const SPEC_COLUMNS: readonly string[] = specValues.csvHeaders.AuditLogCsv;

/** One CSV file being read: bytes in (bounded slices), verified records out. */
class CsvFile {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private readonly parser: CsvParser;
  private readonly records: CsvRecords;
  private bytes = 0;

  constructor(
    private readonly name: string | undefined,
    limits: ResolvedFileLimits,
    expected: readonly string[] | false | undefined,
    /** A plain CSV body has no checksum: only a final line break shows its last row is whole. */
    private readonly needsFinalNewline: boolean,
  ) {
    this.parser = new CsvParser({ ...limits, file: name });
    this.records = new CsvRecords({
      file: name,
      expectedColumns: expected === false ? undefined : (expected ?? SPEC_COLUMNS),
    });
  }

  /** Records completed by these bytes, parsed a slice at a time. */
  *push(data: Uint8Array): Generator<CsvRecord, void, undefined> {
    for (let i = 0; i < data.length; i += OUTPUT_SLICE) {
      const slice = data.subarray(i, i + OUTPUT_SLICE);
      this.bytes += slice.length;
      yield* this.records.map(this.parser.push(this.decode(slice)));
    }
  }

  /** The last records; checks the file ended at a row boundary and had a header. */
  *end(): Generator<CsvRecord, void, undefined> {
    yield* this.records.map(this.parser.push(this.decode()));
    const last = this.parser.end();
    if (last.length > 0 && this.needsFinalNewline) {
      throw new FileVerificationError(
        `${this.name ?? 'The CSV'} does not end with a line break: its last row may be cut, so it is not delivered.`,
        { code: 'CSV_TRUNCATED', file: this.name, offset: this.parser.line },
      );
    }
    yield* this.records.map(last, true);
    if (!this.records.header) {
      throw new FileVerificationError(`${this.name ?? 'The CSV'} is empty: a CSV with a header row was expected.`, {
        code: 'EMPTY_BODY',
        file: this.name,
        offset: 0,
      });
    }
  }

  private decode(slice?: Uint8Array): string {
    try {
      return slice ? this.decoder.decode(slice, { stream: true }) : this.decoder.decode();
    } catch {
      throw new FileVerificationError(
        `${this.name ?? 'The CSV'} is not valid UTF-8 near byte ${this.bytes}: the file is damaged or not a CSV.`,
        { code: slice ? 'CSV_INVALID_UTF8' : 'CSV_TRUNCATED', file: this.name, offset: this.bytes },
      );
    }
  }
}

/**
 * Parses one CSV file from a byte stream into records, a bounded slice at a time. An empty body, a
 * header that is not an audit log's, a row with the wrong number of fields or no final line break,
 * or a field or row over its limit is a FileVerificationError (LimitExceededError) with a `code`.
 */
export async function* csvEntries(
  body: AsyncIterable<Uint8Array>,
  options: EntriesOptions = {},
): AsyncGenerator<CsvRecord, void, undefined> {
  const limits = resolveLimits(options);
  const csv = new CsvFile(options.file, limits, options.expectedColumns, true);
  let bytes = 0;
  for await (const chunk of body) {
    bytes += chunk.byteLength;
    if (bytes > limits.maxEntryBytes) {
      throw new LimitExceededError(
        `${options.file ?? 'The CSV'} is over maxEntryBytes (${limits.maxEntryBytes} bytes).`,
        { code: 'ENTRY_TOO_LARGE', file: options.file, option: 'maxEntryBytes', limit: limits.maxEntryBytes },
      );
    }
    yield* csv.push(chunk);
  }
  yield* csv.end();
}

/**
 * Streams the CSV files inside a ZIP, verified (CRC-32, sizes, central directory; see readZip) and
 * inflated in small slices: memory holds one slice and one row, never the archive or a whole entry.
 * Rows of an entry are yielded before its CRC can be checked; a damaged entry then ends in an error.
 */
export async function* zipEntries(
  body: AsyncIterable<Uint8Array>,
  options: EntriesOptions = {},
): AsyncGenerator<CsvRecord, void, undefined> {
  const limits = resolveLimits(options);
  let csv: CsvFile | undefined;
  let files = 0;
  for await (const item of readZip(body, limits, options.file)) {
    if (item.type === 'start') {
      // Members that are not CSV (e.g. a manifest) are verified but not parsed.
      csv = /\.csv$/i.test(item.name)
        ? new CsvFile(`${options.file ?? 'ZIP'}:${item.name}`, limits, options.expectedColumns, false)
        : undefined;
      if (csv) files++;
    } else if (item.type === 'data') {
      if (csv) yield* csv.push(item.data);
    } else if (csv) {
      yield* csv.end();
      csv = undefined;
    }
  }
  if (files === 0) {
    throw new FileVerificationError(`${options.file ?? 'The ZIP'} holds no CSV file.`, {
      code: 'ZIP_NO_CSV',
      file: options.file,
    });
  }
}
