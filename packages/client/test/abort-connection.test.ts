import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type LoopbackServer, listenOnLoopback } from '@audit-export/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError } from '../src/core/errors.js';
import { clientsFor, JOB_ID, sampleEvents } from './helpers/export-server.js';
import { PERIOD } from './helpers/mock.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A server that never finishes an answer: a request stays in flight until the client lets go. The result download
 * gets its headers and one event, then nothing more.
 */
async function silentServer(): Promise<{ url: string; connections: Socket[] }> {
  const connections: Socket[] = [];
  const http = createServer((request, response) => {
    if (!request.url?.startsWith('/v2/export/result/')) return;
    response.writeHead(200, { 'content-type': 'application/jsonl' });
    response.write(`${JSON.stringify(sampleEvents(1)[0])}\n`);
  });
  http.on('connection', (socket) => connections.push(socket));
  server = await listenOnLoopback(http);
  return { url: server.url, connections };
}

/** Collects garbage now (V8's gc, reached without starting Node with --expose-gc). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

async function waitFor(condition: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

const calls = {
  'createExport (a create)': (clients: ReturnType<typeof clientsFor>, signal: AbortSignal) =>
    clients.auditQuery.createExport(
      { tenantId: PERIOD.tenantId, startTime: PERIOD.startTime, endTime: PERIOD.endTime },
      { signal },
    ),
  'getJob (a status call)': (clients: ReturnType<typeof clientsFor>, signal: AbortSignal) =>
    clients.auditQuery.getJob(JOB_ID, { signal }),
  'streamResult (a download, after its first event)': async (
    clients: ReturnType<typeof clientsFor>,
    signal: AbortSignal,
  ) => {
    for await (const _ of clients.auditQuery.streamResult(JOB_ID, { signal })) {
      // one event, then the body stalls
    }
  },
  'exportEvents (the workflow)': async (clients: ReturnType<typeof clientsFor>, signal: AbortSignal) => {
    for await (const _ of clients.auditQuery.exportEvents({ ...PERIOD, signal })) {
      // nothing arrives
    }
  },
};

describe('an abort closes the connection of the request in flight', () => {
  for (const [name, call] of Object.entries(calls)) {
    it(`${name}: also after a garbage collection while it waits`, async () => {
      const { url, connections } = await silentServer();
      const clients = clientsFor(url);
      const controller = new AbortController();
      const outcome = call(clients, controller.signal).then(
        () => 'resolved',
        (error: unknown) => error,
      );
      expect(await waitFor(() => connections.length === 1, 5_000)).toBe(true);
      // The Requests made on the way to fetch are garbage by now; the abort must not depend on them.
      collectGarbage();
      controller.abort(new Error('stop'));
      expect(await outcome).toBeInstanceOf(AbortError);
      // Without the abort reaching the socket, it would stay open until undici's 300 s headers timeout.
      expect(await waitFor(() => connections.every((socket) => socket.destroyed), 5_000)).toBe(true);
    });
  }
});
