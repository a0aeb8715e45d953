/**
 * The export's output: JSON Lines appended as they come; for a `.gz` file one gzip stream per commit segment,
 * ended at each commit, so every commit point is the end of a gzip member (concatenated members are one valid
 * gzip stream, and the file can be cut back to any commit). `commit()` waits until everything appended is
 * written and fsynced, and returns the offset that is now durable; a rerun cuts the file back to the last
 * committed offset before appending. Compression runs in libuv's pool while the main thread parses; one deflate
 * state per segment (not per chunk) keeps native allocations, and so the resident set, small.
 */
import { once } from 'node:events';
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createGzip, type Gzip } from 'node:zlib';
import { syncDirectory } from '../durable.js';

/** Compressed bytes waiting for the disk beyond which appending waits. */
const MAX_PENDING_BYTES = 4 * 1024 * 1024;
/** Bytes of compressed output per gzip callback. */
const GZIP_CHUNK = 256 * 1024;

/** Where lines go: a file with commit points, or stdout. */
export interface Sink {
  /** Appends UTF-8 bytes (whole lines). Resolves once the sink can take more. */
  append(bytes: Buffer): Promise<void>;
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
  /** Writes in order, each at the offset after the one before. */
  private writes: Promise<void> = Promise.resolve();
  private pendingBytes = 0;
  private member: Gzip | undefined;
  private failure: unknown;
  private closed = false;

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

  async append(bytes: Buffer): Promise<void> {
    if (this.failure) throw this.failure;
    if (!this.options.gzip) this.write(bytes);
    else {
      const member = this.openMember();
      if (!member.write(bytes)) await once(member, 'drain');
    }
    if (this.pendingBytes > MAX_PENDING_BYTES) await this.writes;
    if (this.failure) throw this.failure;
  }

  async commit(): Promise<number> {
    const member = this.member;
    if (member) {
      this.member = undefined;
      const ended = once(member, 'end');
      member.end();
      await ended;
    }
    await this.writes;
    if (this.failure) throw this.failure;
    // The data and the file's size are what a rerun reads back: fdatasync, without the timestamps fsync adds.
    await this.handle.datasync();
    return this.position;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.member?.destroy();
    await this.writes.catch(() => undefined);
    await this.handle.close();
  }

  /** The gzip stream of the current segment, started on the first append after a commit. */
  private openMember(): Gzip {
    if (!this.member) {
      // Large output chunks: each one is a round trip between the main thread and the pool (16 KiB by default).
      const member = createGzip({ level: this.options.level ?? 6, chunkSize: GZIP_CHUNK });
      member.on('data', (chunk: Buffer) => this.write(chunk));
      member.on('error', (error) => {
        this.failure ??= error;
      });
      this.member = member;
    }
    return this.member;
  }

  /** Queues `chunk` at the next offset. */
  private write(chunk: Buffer): void {
    const at = this.position;
    this.position += chunk.length;
    this.pendingBytes += chunk.length;
    this.writes = this.writes.then(async () => {
      if (this.failure) return;
      try {
        for (let done = 0; done < chunk.length; ) {
          const { bytesWritten } = await this.handle.write(chunk, done, chunk.length - done, at + done);
          done += bytesWritten;
        }
      } catch (error) {
        this.failure ??= error;
      } finally {
        this.pendingBytes -= chunk.length;
      }
    });
  }
}

/** Lines to stdout: no commit points (a pipe cannot be cut back), so no checkpoint either. */
export class StdoutSink implements Sink {
  private bytes = 0;
  async append(bytes: Buffer): Promise<void> {
    this.bytes += bytes.length;
    if (!process.stdout.write(bytes)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
  async commit(): Promise<number> {
    return this.bytes;
  }
  async close(): Promise<void> {}
}
