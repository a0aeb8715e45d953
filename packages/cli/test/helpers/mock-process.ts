/** The mock as its own process (its CLI), with a config file, a seed and a scenario; stopped by the test. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { MockConfig } from '@audit-export/mock';
import { freePort } from '@audit-export/testkit';

const require = createRequire(import.meta.url);
const mockCli = join(dirname(require.resolve('@audit-export/mock/package.json')), 'dist', 'cli.js');

/** A running mock process. */
export interface MockProcess {
  url: string;
  seed: number;
  config: MockConfig;
  /** Switches the scenario at run time (the control API, with the JSON content type it requires). */
  scenario(name: string): Promise<void>;
  /** The control API's live jobs. */
  jobs(): Promise<{ jobs: { api: string; jobId: string; state: string }[] }>;
  close(): Promise<void>;
}

/** Fast jobs, no server-side rate limit unless a test asks for it. */
export const FAST: MockConfig = {
  auditQuery: { pendingMs: 10, processingMs: 30 },
  zoho: { scheduledMs: 10, progressMs: 30 },
  limits: false,
};

/** Starts `audit-export-mock` on a free loopback port. */
export async function startMockProcess(
  options: { seed?: number; config?: MockConfig; scenario?: string } = {},
): Promise<MockProcess> {
  const seed = options.seed ?? 7;
  const config: MockConfig = {
    ...FAST,
    ...options.config,
    auditQuery: { ...FAST.auditQuery, ...options.config?.auditQuery },
    zoho: { ...FAST.zoho, ...options.config?.zoho },
  };
  const dir = mkdtempSync(join(tmpdir(), 'cli-mock-'));
  const file = join(dir, 'mock.json');
  writeFileSync(file, JSON.stringify(config));
  const port = await freePort();
  const args = [mockCli, '--port', String(port), '--seed', String(seed), '--config', file, '--quiet'];
  if (options.scenario) args.push('--scenario', options.scenario);
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`mock did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`mock exited ${code}: ${out}`)));
  });
  const control = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${url}/__mock/${path}`, {
      ...init,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    url,
    seed,
    config,
    async scenario(name) {
      await control('scenario', { method: 'PUT', body: JSON.stringify({ name }) });
    },
    jobs: () => control('jobs'),
    async close() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
