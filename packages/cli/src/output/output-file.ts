/**
 * The export's output: JSON Lines appended in chunks, each chunk its own gzip member when the file is `.gz`
 * (concatenated members are one valid gzip stream, so the file can be cut back after any chunk). `commit()`
 * waits for every chunk to be written and fsyncs, and returns the offset that is now durable; a rerun cuts the
 * file back to the last committed offset before appending. Compression runs in libuv's pool, overlapping the
 * parsing on the main thread; at most MAX_IN_FLIGHT chunks wait, so memory stays bounded.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import { syncDirectory } from '../durable.js';

const gzip = promisify(gzipCallback);
const MAX_IN_FLIGHT = 2;

/** Where lines go: a file with commit points, or stdout. */
export interface Sink {
  /** Appends text (whole lines). Resolves once the sink can take more. */
  append(text: string): Promise<void>;
  /** Makes everything appended durable; the committed byte offset. */
  commit(): Promise<number>;
  close(): Promise<void>;
}

/** Options of {@link OutputFile.open}. */
export interface OutputFileOptions {
  gzip: boolean;
  /** Continue a file cut back to this offset; undefined creates a new file (which must not exist). */
  resumeAt?: number | undefined;
  /** gzip level (default 6, zlib's). */
  level?: number | undefined;
}

/** A JSON Lines output file with commit points. */
export class OutputFile implements Sink {
  private position: number;
  private readonly chain: Promise<void>[] = [];
  private failure: unknown;

  private constructor(
    private readonly handle: FileHandle,
    private readonly options: OutputFileOptions,
    start: number,
  ) {
    this.position = start;
  }

  /** Opens `path`: new (refusing to overwrite) or cut back to `resumeAt`. Errors are the file system's (EEXIST, EACCES…). */
  static async open(path: string, options: OutputFileOptions): Promise<OutputFile> {
    if (options.resumeAt === undefined) {
      const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
      await syncDirectory(dirname(path));
      return new OutputFile(handle, options, 0);
    }
    const handle = await open(path, 'r+');
    const { size } = await handle.stat();
    if (size < options.resumeAt) {
      await handle.close();
      throw Object.assign(new Error(`is ${size} bytes, shorter than the ${options.resumeAt} committed`), {
        code: 'OUTPUT_SHORTER',
      });
    }
    await handle.truncate(options.resumeAt);
    await handle.sync();
    return new OutputFile(handle, options, options.resumeAt);
  }

  async append(text: string): Promise<void> {
    if (this.failure) throw this.failure;
    const bytes = Buffer.from(text, 'utf8');
    const data = this.options.gzip ? gzip(bytes, { level: this.options.level ?? 6 }) : Promise.resolve(bytes);
    const previous = this.chain.at(-1) ?? Promise.resolve();
    // Chunks are compressed in parallel but written in order, each at the offset after the one before.
    const written = Promise.all([data, previous]).then(async ([chunk]) => {
      const at = this.position;
      this.position += chunk.length;
      await this.writeAll(chunk, at);
    });
    written.catch((error: unknown) => {
      this.failure ??= error;
    });
    this.chain.push(written);
    if (this.chain.length >= MAX_IN_FLIGHT) await this.chain.shift();
  }

  async commit(): Promise<number> {
    while (this.chain.length > 0) await this.chain.shift();
    if (this.failure) throw this.failure;
    await this.handle.sync();
    return this.position;
  }

  private closed = false;

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled(this.chain.splice(0));
    await this.handle.close();
  }

  private async writeAll(chunk: Buffer, at: number): Promise<void> {
    for (let done = 0; done < chunk.length; ) {
      const { bytesWritten } = await this.handle.write(chunk, done, chunk.length - done, at + done);
      done += bytesWritten;
    }
  }
}

/** Lines to stdout: no commit points (a pipe cannot be cut back), so no checkpoint either. */
export class StdoutSink implements Sink {
  private bytes = 0;
  async append(text: string): Promise<void> {
    this.bytes += Buffer.byteLength(text);
    if (!process.stdout.write(text)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  async commit(): Promise<number> {
    return this.bytes;
  }
  async close(): Promise<void> {}
}
