/** Runs the built `audit-export` bin as a child process. */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The built bin (the package's `bin` entry). */
export const BIN = fileURLToPath(new URL('../../bin/audit-export.js', import.meta.url));

/** What a finished run gave. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of a run. */
export interface CliOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  timeoutMs?: number;
}

/** An environment without the machine's own credentials, plus `env`. */
export function cliEnv(env: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const base = { ...process.env };
  for (const name of ['AUDIT_QUERY_ACCESS_TOKEN', 'AUDIT_QUERY_API_TOKEN', 'ZOHO_ACCESS_TOKEN']) delete base[name];
  return { ...base, NO_COLOR: '1', ...env };
}

/** Starts the bin; the caller waits or kills. */
export function spawnCli(args: string[], options: CliOptions = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: cliEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs the bin to its end (killed after timeoutMs, default 60 s). */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const child = spawnCli(args, options);
  return finished(child, options.timeoutMs ?? 60_000);
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The JSON log records of a run's stderr. */
export function logRecords(stderr: string): Record<string, unknown>[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/**
 * A pull of `api` from the mock at `mockUrl` over `window` into `out`, polling every 50 ms (the audit query for
 * tenant acme), then `extra`.
 */
export function pullArgs(
  api: 'audit-query' | 'zoho',
  mockUrl: string,
  window: { from: string; to: string },
  out: string,
  ...extra: string[]
): string[] {
  const target =
    api === 'audit-query'
      ? ['--base-url', `${mockUrl}/audit-query-service`, '--tenant', 'acme']
      : ['--base-url', mockUrl];
  return [
    'pull',
    api,
    ...target,
    '--from',
    window.from,
    '--to',
    window.to,
    '--out',
    out,
    '--poll-interval',
    '50ms',
    ...extra,
  ];
}

/** Asserts a run ended with exit 0, showing its stderr otherwise. */
export function expectDone(result: CliResult): void {
  expect(result.code, result.stderr).toBe(0);
}
