import { Unzip, UnzipInflate } from 'fflate';
import { ExportIncompleteError } from '../core/errors.js';
import { CsvParser, type CsvRecord, CsvRecords } from './csv.js';

/** Parses one CSV file from a byte stream into records, chunk by chunk. */
export async function* csvEntries(body: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRecord, void, undefined> {
  const decoder = new TextDecoder('utf-8');
  const parser = new CsvParser();
  const records = new CsvRecords();
  for await (const chunk of body) yield* records.map(parser.push(decoder.decode(chunk, { stream: true })));
  yield* records.map(parser.push(decoder.decode()));
  yield* records.map(parser.end());
}

/**
 * Streams the CSV files inside a ZIP (fflate's streaming Unzip): each compressed chunk is inflated and parsed
 * before the next one is read, so memory holds about one chunk's worth of rows, never the archive.
 */
export async function* zipEntries(body: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRecord, void, undefined> {
  let pending: CsvRecord[] = [];
  let failure: unknown;
  let openFiles = 0;
  const unzip = new Unzip((file) => {
    if (!/\.csv$/i.test(file.name)) return; // skip non-CSV members (e.g. a manifest)
    openFiles++;
    const decoder = new TextDecoder('utf-8');
    const parser = new CsvParser();
    const records = new CsvRecords();
    file.ondata = (error, data, final) => {
      if (error) {
        failure = error;
        return;
      }
      try {
        for (const record of records.map(parser.push(decoder.decode(data, { stream: true })))) pending.push(record);
        if (final) {
          for (const record of records.map(parser.push(decoder.decode()))) pending.push(record);
          for (const record of records.map(parser.end())) pending.push(record);
          openFiles--;
        }
      } catch (caught) {
        failure = caught;
      }
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  const drain = function* () {
    const batch = pending;
    pending = [];
    yield* batch;
  };
  for await (const chunk of body) {
    unzip.push(chunk, false);
    yield* drain();
    if (failure) throw failure;
  }
  unzip.push(new Uint8Array(0), true);
  yield* drain();
  if (failure) throw failure;
  if (openFiles > 0) {
    throw new ExportIncompleteError('The ZIP ended inside a file: the download was cut or the archive is damaged.', {
      code: 'ZIP_TRUNCATED',
      eventsDelivered: 0,
      bytesReceived: 0,
    });
  }
}

/** Async-iterates a web ReadableStream (not every runtime makes streams async iterable yet). */
export async function* readChunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}
