import { utf8Length } from '@audit-export/events';
import { FileVerificationError, LimitExceededError } from '../core/errors.js';
import { DEFAULT_FILE_LIMITS, type FileLimits } from './limits.js';

/**
 * One CSV entry keyed by its column header (Zoho's column set may change: read columns by name). A
 * null-prototype object: a column named `__proto__` or `constructor` is a field like any other.
 */
export type CsvRecord = Record<string, string>;

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Where the parser is: between fields, inside an unquoted or quoted field, or just after a quote inside one. */
const At = { FieldStart: 0, Unquoted: 1, Quoted: 2, QuoteInQuoted: 3 } as const;
type At = (typeof At)[keyof typeof At];

/**
 * A streaming RFC 4180 parser: feed text in chunks of any size (quotes, CRLF and fields may be split
 * anywhere) and take complete rows out as they finish. Quoted fields may hold commas, CR/LF and `""`.
 * Fields are built from slices of the chunks, never a character at a time, and a field or row past
 * `maxFieldBytes` / `maxRowBytes` is refused (LimitExceededError) before it is held whole, as is a row of
 * more than `maxColumns` fields once it reaches one field more (the header included: a wide file is refused
 * while its first row is read, before any record is built).
 */
export class CsvParser {
  #parts: string[] = [];
  #partsLength = 0;
  #partsCounted = 0;
  #fieldExact = 0;
  #row: string[] = [];
  #rowLength = 0;
  #rowCounted = 0;
  #rowExact = 0;
  #rowQuoted = false;
  #rows: string[][] = [];
  #at: At = At.FieldStart;
  #afterCr = false;
  #started = false;
  #line = 1;
  readonly #maxField: number;
  readonly #maxRow: number;
  readonly #maxColumns: number;
  readonly #file: string | undefined;

  constructor(
    options: Pick<FileLimits, 'maxFieldBytes' | 'maxRowBytes' | 'maxColumns'> & { file?: string | undefined } = {},
  ) {
    this.#maxField = options.maxFieldBytes ?? DEFAULT_FILE_LIMITS.maxFieldBytes;
    this.#maxRow = options.maxRowBytes ?? DEFAULT_FILE_LIMITS.maxRowBytes;
    this.#maxColumns = options.maxColumns ?? DEFAULT_FILE_LIMITS.maxColumns;
    this.#file = options.file;
  }

  /** 1-based row of the file the parser has reached. */
  get line(): number {
    return this.#line;
  }

  /** Parses a chunk; returns the rows it completed. */
  push(text: string): string[][] {
    let i = 0;
    const n = text.length;
    if (!this.#started && n > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) i = 1;
    }
    while (i < n) {
      if (this.#afterCr) {
        this.#afterCr = false;
        if (text.charCodeAt(i) === LF) {
          i++;
          continue;
        }
      }
      if (this.#at === At.Quoted) {
        const quote = text.indexOf('"', i);
        const end = quote === -1 ? n : quote;
        this.#add(text, i, end);
        i = end;
        if (quote !== -1) {
          this.#at = At.QuoteInQuoted;
          i++;
        }
        continue;
      }
      if (this.#at === At.QuoteInQuoted) {
        if (text.charCodeAt(i) === QUOTE) {
          this.#add('"', 0, 1);
          this.#at = At.Quoted;
          i++;
          continue;
        }
        const c = text.charCodeAt(i);
        if (c !== COMMA && c !== LF && c !== CR) {
          throw new FileVerificationError(
            `Line ${this.#line} of ${this.#file ?? 'the CSV'} has text after a closing quote: the file is damaged.`,
            { code: 'CSV_MALFORMED', file: this.#file, offset: this.#line },
          );
        }
        this.#at = At.Unquoted;
      }
      if (this.#at === At.FieldStart && text.charCodeAt(i) === QUOTE) {
        this.#at = At.Quoted;
        this.#rowQuoted = true;
        i++;
        continue;
      }
      // Unquoted: copy the run up to the next separator as one slice.
      let j = i;
      let c = 0;
      for (; j < n; j++) {
        c = text.charCodeAt(j);
        if (c === COMMA || c === LF || c === CR) break;
      }
      this.#add(text, i, j);
      if (j === n) {
        this.#at = At.Unquoted;
        break;
      }
      this.#endField();
      if (c !== COMMA) {
        this.#endRow();
        this.#afterCr = c === CR;
        this.#line++;
      }
      this.#at = At.FieldStart;
      i = j + 1;
    }
    return this.#take();
  }

  /** Ends the input; returns the last row if the text did not end with a newline. Throws inside an open quote. */
  end(): string[][] {
    if (this.#at === At.Quoted) {
      throw new FileVerificationError(
        `${this.#file ?? 'The CSV'} ended inside a quoted field (line ${this.#line}): the download was cut or the file is damaged.`,
        { code: 'CSV_TRUNCATED', file: this.#file, offset: this.#line },
      );
    }
    if (this.#parts.length > 0 || this.#row.length > 0 || this.#rowQuoted) {
      this.#endField();
      this.#endRow();
    }
    this.#at = At.FieldStart;
    return this.#take();
  }

  /** Adds text[start, end) to the field being read, refusing it once it is over a limit. */
  #add(text: string, start: number, end: number): void {
    if (end <= start) {
      if (this.#at === At.FieldStart) this.#at = At.Unquoted;
      return;
    }
    this.#parts.push(start === 0 && end === text.length ? text : text.slice(start, end));
    this.#partsLength += end - start;
    // A UTF-16 unit is at least 1 and at most 3 UTF-8 bytes: count bytes exactly only when it matters.
    if (this.#partsLength * 3 > this.#maxField && this.#fieldBytes() > this.#maxField) {
      this.#tooLarge('FIELD_TOO_LARGE', 'field', 'maxFieldBytes', this.#maxField);
    }
    if ((this.#rowLength + this.#partsLength) * 3 > this.#maxRow && this.#rowBytes() > this.#maxRow) {
      this.#tooLarge('ROW_TOO_LARGE', 'row', 'maxRowBytes', this.#maxRow);
    }
  }

  /** Exact UTF-8 bytes of the field so far; parts already counted are not counted again (no quadratic rescans). */
  #fieldBytes(): number {
    if (this.#partsLength > this.#maxField) return this.#partsLength;
    while (this.#partsCounted < this.#parts.length) {
      this.#fieldExact += utf8Length(this.#parts[this.#partsCounted++] as string);
    }
    return this.#fieldExact;
  }

  /** Exact UTF-8 bytes of the row so far, fields plus separators, counted incrementally too. */
  #rowBytes(): number {
    const length = this.#rowLength + this.#partsLength;
    if (length > this.#maxRow) return length;
    while (this.#rowCounted < this.#row.length)
      this.#rowExact += utf8Length(this.#row[this.#rowCounted++] as string) + 1;
    return this.#rowExact + this.#fieldBytes();
  }

  #tooLarge(code: LimitExceededError['code'], what: string, option: string, limit: number): never {
    throw new LimitExceededError(
      `A ${what} of ${this.#file ?? 'the CSV'} (line ${this.#line}) is over ${option} (${limit} bytes): raise the limit if the file is genuine.`,
      { code, file: this.#file, option, limit },
    );
  }

  #endField(): void {
    if (this.#row.length >= this.#maxColumns) {
      throw new LimitExceededError(
        `Line ${this.#line} of ${this.#file ?? 'the CSV'} has more than maxColumns (${this.#maxColumns}) columns: raise the limit if the file is genuine.`,
        { code: 'TOO_MANY_COLUMNS', file: this.#file, option: 'maxColumns', limit: this.#maxColumns },
      );
    }
    const parts = this.#parts;
    this.#row.push(parts.length === 0 ? '' : parts.length === 1 ? (parts[0] as string) : parts.join(''));
    this.#rowLength += this.#partsLength + 1;
    this.#parts.length = 0;
    this.#partsLength = 0;
    this.#partsCounted = 0;
    this.#fieldExact = 0;
  }

  #endRow(): void {
    // A blank line (one empty field, not `""`) is not a record.
    if (this.#rowQuoted || !(this.#row.length === 1 && this.#row[0] === '')) this.#rows.push(this.#row);
    this.#rowQuoted = false;
    this.#row = [];
    this.#rowLength = 0;
    this.#rowCounted = 0;
    this.#rowExact = 0;
  }

  #take(): string[][] {
    const rows = this.#rows;
    this.#rows = [];
    return rows;
  }
}

/** Options of {@link CsvRecords}. */
export interface CsvRecordsOptions {
  /** Columns the spec expects (Zoho's AuditLogCsv example header); the header must share at least one. */
  expectedColumns?: readonly string[] | undefined;
  /** File name for error messages. */
  file?: string | undefined;
}

/**
 * Turns rows into records keyed by the first row (the header). The header must name distinct columns
 * (and share one with `expectedColumns`), and every row must have exactly as many fields as the header.
 */
export class CsvRecords {
  #header: string[] | undefined;
  #row = 1;
  readonly #options: CsvRecordsOptions;

  constructor(options: CsvRecordsOptions = {}) {
    this.#options = options;
  }

  /** The header, once read. */
  get header(): readonly string[] | undefined {
    return this.#header;
  }

  /** Records for these rows (the first row ever seen is taken as the header). `last` marks the file's final rows. */
  map(rows: string[][], last = false): CsvRecord[] {
    const out: CsvRecord[] = [];
    const file = this.#options.file;
    for (const row of rows) {
      if (!this.#header) {
        this.#header = this.#checkHeader(row.map((name) => name.trim()));
        continue;
      }
      this.#row++;
      if (row.length !== this.#header.length) {
        const cut = last && row.length < this.#header.length;
        throw new FileVerificationError(
          cut
            ? `${file ?? 'The CSV'} ends in the middle of row ${this.#row} (${row.length} of ${this.#header.length} fields): the download was cut.`
            : `Row ${this.#row} of ${file ?? 'the CSV'} has ${row.length} fields, the header has ${this.#header.length}: the file is damaged.`,
          { code: cut ? 'CSV_TRUNCATED' : 'CSV_FIELD_COUNT', file, offset: this.#row },
        );
      }
      // Null prototype, so `__proto__` is a plain key. Set before the first key: V8 keeps such an object in
      // fast mode (131 bytes for 8 columns), where Object.create(null) starts a dictionary (484 bytes).
      const record = Object.setPrototypeOf({}, null) as CsvRecord;
      for (let i = 0; i < this.#header.length; i++) record[this.#header[i] as string] = row[i] as string;
      out.push(record);
    }
    return out;
  }

  #checkHeader(header: string[]): string[] {
    const expected = this.#options.expectedColumns;
    const file = this.#options.file;
    const normal = (name: string) => name.trim().toLowerCase();
    const known = new Set((expected ?? []).map(normal));
    if (known.size > 0 && !header.some((name) => known.has(normal(name)))) {
      const shown = header.slice(0, 4).join(',').slice(0, 80);
      throw new FileVerificationError(
        `${file ?? 'The CSV'} does not start with an audit log header (got "${shown}"${expected ? `; expected columns like ${expected.slice(0, 3).join(', ')}` : ''}): the server sent something else, e.g. an HTML page.`,
        { code: 'UNEXPECTED_CSV_HEADER', file, offset: 1 },
      );
    }
    // Records are keyed by column name: a nameless or repeated column would lose its fields.
    const seen = new Map<string, number>();
    for (const [i, name] of header.entries()) {
      if (name === '') {
        throw new FileVerificationError(
          `Column ${i + 1} of the header of ${file ?? 'the CSV'} has no name, so its fields cannot be keyed: the file is damaged.`,
          { code: 'CSV_EMPTY_COLUMN', file, offset: 1 },
        );
      }
      const first = seen.get(name);
      if (first !== undefined) {
        throw new FileVerificationError(
          `Columns ${first + 1} and ${i + 1} of the header of ${file ?? 'the CSV'} are both named "${name.slice(0, 80)}": records are keyed by column name, so one column's fields would be lost.`,
          { code: 'CSV_DUPLICATE_COLUMN', file, offset: 1 },
        );
      }
      seen.set(name, i);
    }
    return header;
  }
}
