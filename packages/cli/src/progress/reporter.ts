/**
 * What a person (or a log collector) sees: on a TTY a live progress line per window (cli-progress); off a TTY one
 * log line per window, job state change and retry on stderr, as JSON (default) or text; nothing but errors with
 * --quiet. Every line passes the scrubber.
 */
import type { RetryEvent } from '@audit-export/client';
import cliProgress from 'cli-progress';
import type { SourceProgress, Window } from '../export-source.js';
import { scrub, scrubKnown } from '../secrets.js';
import { isoOf } from '../times.js';

/** Receives what happens during a run. */
export interface Reporter {
  windowStart(window: Window, context: Record<string, unknown>): void;
  progress(progress: SourceProgress): void;
  retry(event: RetryEvent): void;
  windowDone(window: Window, result: { items: number; bytes: number; file?: string | undefined }): void;
  /** A notice (budget, lock, resume) or a warning. */
  note(level: 'info' | 'warn', text: string, fields?: Record<string, unknown>): void;
  close(): void;
}

/** How to report: `tty` (live line), `json` or `text` lines, or `quiet`. */
export type ReportMode = 'tty' | 'json' | 'text' | 'quiet';

/** The mode the flags and the terminal call for. */
export function reportMode(flags: { quiet?: boolean; logFormat?: string | undefined }, isTty: boolean): ReportMode {
  if (flags.quiet) return 'quiet';
  if (flags.logFormat === 'json' || flags.logFormat === 'text') return flags.logFormat;
  return isTty ? 'tty' : 'json';
}

/** A reporter for `mode`, writing to `stream` (stderr). */
export function createReporter(mode: ReportMode, stream: NodeJS.WritableStream = process.stderr): Reporter {
  if (mode === 'tty') return new TtyReporter(stream);
  if (mode === 'quiet') return new LineReporter(() => undefined);
  // Structured fields (paths, job ids) hold no token-shaped text a pattern should mangle: known secrets only.
  const write = (line: string) => stream.write(`${scrubKnown(line)}\n`);
  return new LineReporter(
    mode === 'json' ? (record) => write(JSON.stringify(record)) : (record) => write(textOf(record)),
  );
}

type LogRecord = { time: string; level: string; event: string } & Record<string, unknown>;

/** One line per window, state change and retry. */
class LineReporter implements Reporter {
  private lastState = '';
  constructor(private readonly emit: (record: LogRecord) => void) {}

  private log(event: string, fields: Record<string, unknown>, level = 'info'): void {
    this.emit({ time: new Date().toISOString(), level, event, ...fields });
  }
  windowStart(window: Window, context: Record<string, unknown>): void {
    this.lastState = '';
    this.log('window', { from: isoOf(window.startMs), to: isoOf(window.endMs), ...context });
  }
  progress(progress: SourceProgress): void {
    const key = `${progress.jobId}/${progress.state}`;
    if (key === this.lastState) return;
    this.lastState = key;
    this.log('state', { jobId: progress.jobId, state: progress.state, part: progress.part, items: progress.items });
  }
  retry(event: RetryEvent): void {
    this.log('retry', { ...event }, 'warn');
  }
  windowDone(window: Window, result: { items: number; bytes: number; file?: string | undefined }): void {
    this.log('window-done', { from: isoOf(window.startMs), to: isoOf(window.endMs), ...result });
  }
  note(level: 'info' | 'warn', text: string, fields: Record<string, unknown> = {}): void {
    this.log('note', { message: scrub(text), ...fields }, level);
  }
  close(): void {}
}

function textOf(record: LogRecord): string {
  const { time, level, event, message, ...rest } = record;
  const fields = Object.entries(rest)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time} ${level.toUpperCase()} ${event}${message ? ` ${message}` : ''}${fields ? ` ${fields}` : ''}`;
}

/** A live line per window: job state, events, bytes, rate, part and ETA (from how much of the window is covered). */
class TtyReporter implements Reporter {
  private bar: cliProgress.SingleBar | undefined;
  private window: Window | undefined;
  private started = 0;
  /** Bytes downloaded by the window's finished jobs, and the current job's. */
  private doneBytes = 0;
  private job = { id: '', bytes: 0 };

  constructor(private readonly stream: NodeJS.WritableStream) {}

  windowStart(window: Window): void {
    this.window = window;
    this.started = Date.now();
    this.bar = new cliProgress.SingleBar(
      {
        stream: this.stream,
        format:
          '{range} [{bar}] {percentage}% | part {part} {state} | {items} events {size} {rate}/s | ETA {remaining}',
        barsize: 20,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
        fps: 5,
      },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(Math.max(window.endMs - window.startMs, 1), 0, {
      range: `${isoOf(window.startMs)} → ${isoOf(window.endMs)}`,
      part: 1,
      state: 'starting',
      items: 0,
      size: '0 B',
      rate: 0,
      remaining: '?',
    });
    this.doneBytes = 0;
    this.job = { id: '', bytes: 0 };
  }
  progress(progress: SourceProgress): void {
    if (!this.bar || !this.window) return;
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const span = this.window.endMs - this.window.startMs;
    const covered =
      progress.reachedMs === undefined ? 0 : Math.min(Math.max(progress.reachedMs - this.window.startMs, 0), span);
    if (progress.jobId !== this.job.id) {
      this.doneBytes += this.job.bytes;
      this.job = { id: progress.jobId, bytes: 0 };
    }
    this.job.bytes = Math.max(this.job.bytes, progress.bytes);
    // The window's time covered so far, extrapolated at the pace so far.
    const remaining = covered > 0 ? `${Math.ceil((seconds * (span - covered)) / covered)}s` : '?';
    this.bar.update(covered, {
      part: progress.part,
      state: progress.state,
      items: progress.items,
      size: bytesOf(this.doneBytes + this.job.bytes),
      rate: Math.round(progress.items / seconds),
      remaining,
    });
  }
  retry(event: RetryEvent): void {
    this.bar?.update({ state: `retry ${event.retry} (${event.reason})` });
  }
  windowDone(window: Window, result: { items: number; bytes: number }): void {
    this.bar?.update(window.endMs - window.startMs, {
      state: 'done',
      items: result.items,
      size: bytesOf(result.bytes),
      remaining: '0s',
    });
    this.bar?.stop();
    this.bar = undefined;
  }
  note(level: 'info' | 'warn', text: string): void {
    const line = `${level === 'warn' ? 'warning: ' : ''}${scrub(text)}\n`;
    this.stream.write(line);
  }
  close(): void {
    this.bar?.stop();
  }
}

function bytesOf(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
