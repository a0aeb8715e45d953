import { ExportIncompleteError } from '../core/errors.js';

/** One CSV entry keyed by its column header (Zoho's column set may change: read columns by name). */
export type CsvRecord = Record<string, string>;

/**
 * A streaming RFC 4180 parser: feed text in chunks of any size (quotes, CRLF and fields may be split
 * anywhere) and take complete rows out as they finish. Quoted fields may hold commas, CR/LF and `""`.
 */
export class CsvParser {
  #field = '';
  #row: string[] = [];
  #rows: string[][] = [];
  #quoted = false;
  #quoteSeen = false;
  #afterCr = false;
  #started = false;

  /** Parses a chunk; returns the rows it completed. */
  push(text: string): string[][] {
    let start = 0;
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) start = 1;
    }
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#afterCr) {
        this.#afterCr = false;
        if (c === 10) continue;
      }
      if (this.#quoted) {
        if (this.#quoteSeen) {
          this.#quoteSeen = false;
          if (c === 34) {
            this.#field += '"';
            continue;
          }
          this.#quoted = false; // closing quote: fall through to the unquoted handling of c
        } else if (c === 34) {
          this.#quoteSeen = true;
          continue;
        } else {
          // Copy the run up to the next quote at once.
          const next = text.indexOf('"', i);
          const end = next === -1 ? text.length : next;
          this.#field += text.slice(i, end);
          i = end - 1;
          continue;
        }
      }
      if (c === 44) {
        this.#row.push(this.#field);
        this.#field = '';
      } else if (c === 10 || c === 13) {
        this.#endRow();
        this.#afterCr = c === 13;
      } else if (c === 34 && this.#field === '') {
        this.#quoted = true;
      } else {
        this.#field += text[i];
      }
    }
    return this.#take();
  }

  /** Ends the input; returns the last row if the text did not end with a newline. Throws inside an open quote. */
  end(): string[][] {
    if (this.#quoted && !this.#quoteSeen) {
      throw new ExportIncompleteError(
        'The CSV ended inside a quoted field: the download was cut or the file is damaged.',
        {
          code: 'CSV_TRUNCATED',
          eventsDelivered: 0,
          bytesReceived: 0,
        },
      );
    }
    this.#quoted = false;
    this.#quoteSeen = false;
    if (this.#field !== '' || this.#row.length > 0) this.#endRow();
    return this.#take();
  }

  #endRow(): void {
    this.#row.push(this.#field);
    this.#field = '';
    // A blank line (one empty field) is not a record.
    if (!(this.#row.length === 1 && this.#row[0] === '')) this.#rows.push(this.#row);
    this.#row = [];
  }

  #take(): string[][] {
    const rows = this.#rows;
    this.#rows = [];
    return rows;
  }
}

/** Turns rows into records keyed by the first row (the header); short rows get '' for missing columns. */
export class CsvRecords {
  #header: string[] | undefined;

  /** Records for these rows (the first row ever seen is taken as the header). */
  map(rows: string[][]): CsvRecord[] {
    const out: CsvRecord[] = [];
    for (const row of rows) {
      if (!this.#header) {
        this.#header = row.map((name) => name.trim());
        continue;
      }
      const record: CsvRecord = {};
      for (let i = 0; i < this.#header.length; i++) record[this.#header[i] as string] = row[i] ?? '';
      out.push(record);
    }
    return out;
  }
}
