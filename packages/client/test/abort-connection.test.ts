import { createServer, type Server, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError } from '../src/core/errors.js';
import { clientsFor, JOB_ID, sampleEvents } from './helpers/export-server.js';
import { PERIOD } from './helpers/mock.js';

// A server that takes connections and never finishes an answer: a request stays in flight until the client lets
// go. The result download gets its headers and one event, then nothing more.
let server: Server | undefined;
const open: Socket[] = [];
afterEach(async () => {
  for (const socket of open.splice(0)) socket.destroy();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function silentServer(): Promise<{ url: string; connections: Socket[] }> {
  const connections: Socket[] = [];
  server = createServer((socket) => {
    connections.push(socket);
    open.push(socket);
    socket.on('error', () => undefined);
    // Reading the request also lets the client's close be seen.
    socket.on('data', (data) => {
      if (!String(data).startsWith('GET /v2/export/result/')) return;
      const line = `${JSON.stringify(sampleEvents(1)[0])}\n`;
      socket.write('HTTP/1.1 200 OK\r\ncontent-type: application/jsonl\r\ntransfer-encoding: chunked\r\n\r\n');
      socket.write(`${Buffer.byteLength(line).toString(16)}\r\n${line}\r\n`);
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { url: `http://127.0.0.1:${address.port}`, connections };
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
