// The bin's process as a scheduler or a person sees it: one process id for the whole run, and an interrupt that
// ends it at once even while a request hangs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LoopbackServer, listenOnLoopback } from '@audit-export/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, logRecords, spawnCli } from './helpers/cli.js';
import { auditQueryEnv } from './helpers/credentials.js';

// A server that never answers.
let server: LoopbackServer;
let url = '';
const sockets: Socket[] = [];
let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cli-process-'));
  const http = createServer(() => undefined);
  http.on('connection', (socket) => sockets.push(socket));
  server = await listenOnLoopback(http);
  url = `${server.url}/audit-query-service`;
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts a pull against the silent server; resolves once its first request is waiting for an answer. */
async function hangingPull(out: string) {
  const before = sockets.length;
  const child = spawnCli(
    ['pull', 'audit-query', '--base-url', url, '--tenant', 'acme', '--from', '1h', '--out', join(dir, out)],
    { env: auditQueryEnv() },
  );
  const done = finished(child, 30_000);
  for (let waited = 0; sockets.length === before; waited += 20) {
    if (waited > 20_000) throw new Error('the pull never sent its first request');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, done };
}

describe('the audit-export process', () => {
  it('Ctrl+C while the server does not answer: exit 130 at once, not after the HTTP timeout', async () => {
    // The abort must reach the connection, whatever was collected meanwhile (the client's abort-connection test
    // forces the collection that used to lose it).
    const { child, done } = await hangingPull('hanging.jsonl');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const interrupted = Date.now();
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    expect(logRecords(result.stderr).at(-1)).toMatchObject({ code: 'INTERRUPTED' });
    // Generous for a loaded machine; the connection held open would keep the process for 300 s.
    expect(Date.now() - interrupted).toBeLessThan(10_000);
  });

  it.runIf(process.platform === 'linux' && typeof process.execve === 'function')(
    'as installed, the command runs in the process that was started, with its memory settings',
    async () => {
      const { child, done } = await hangingPull('settings.jsonl');
      const commandLine = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      const environment = readFileSync(`/proc/${child.pid}/environ`, 'utf8').split('\0');
      child.kill('SIGTERM');
      expect((await done).code).toBe(130);
      // The same pid, now running dist/cli.js with the young generation sized and one malloc arena.
      expect(commandLine).toContain('--max-semi-space-size=2');
      expect(commandLine.some((arg) => arg.endsWith(join('dist', 'cli.js')))).toBe(true);
      expect(environment).toContain('MALLOC_ARENA_MAX=1');
    },
  );
});
