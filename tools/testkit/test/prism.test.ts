import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startPrism } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'testkit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A one-operation spec: enough to see Prism answer from an example.
const spec = join(dir, 'ping.json');
writeFileSync(
  spec,
  JSON.stringify({
    openapi: '3.1.1',
    info: { title: 'ping', version: '1.0.0' },
    paths: {
      '/ping': {
        get: {
          responses: {
            '200': {
              description: 'pong',
              content: { 'application/json': { schema: { type: 'object' }, example: { pong: true } } },
            },
          },
        },
      },
    },
  }),
);

describe('freePort', () => {
  it('returns a port a server can listen on at once', async () => {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('startPrism', () => {
  it('answers from the spec’s example in mock mode, and stops on close', async () => {
    const prism = await startPrism({ mode: 'mock', spec });
    try {
      const response = await fetch(`${prism.url}/ping`);
      expect(await response.json()).toEqual({ pong: true });
    } finally {
      await prism.close();
    }
    await expect(fetch(`${prism.url}/ping`)).rejects.toThrow();
    // Prism's Node process takes seconds to start on a busy 2-core machine; startPrism has its own deadline.
  }, 60_000);

  it('rejects with Prism’s log when the spec cannot be read', async () => {
    await expect(startPrism({ mode: 'mock', spec: join(dir, 'missing.json'), timeoutMs: 20_000 })).rejects.toThrow(
      /prism mock for .*missing\.json did not start/,
    );
  }, 60_000);
});
