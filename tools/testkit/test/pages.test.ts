import { describe, expect, it } from 'vitest';
import { servePages } from '../src/pages.js';

describe('servePages', () => {
  it('answers each page with its type, 404 for any other path, records every path, and stops on close', async () => {
    const pages = {
      '/': ['text/html', '<p>hi</p>'] as const,
      '/a.bin': ['application/octet-stream', new Uint8Array([1, 2])] as const,
    };
    const server = await servePages(pages);
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const home = await fetch(`${server.origin}/`);
    expect([home.status, home.headers.get('content-type'), await home.text()]).toEqual([200, 'text/html', '<p>hi</p>']);
    expect(new Uint8Array(await (await fetch(`${server.origin}/a.bin`)).arrayBuffer())).toEqual(new Uint8Array([1, 2]));
    expect((await fetch(`${server.origin}/missing`)).status).toBe(404);
    expect(server.requested).toEqual(['/', '/a.bin', '/missing']);
    await server.close();
    await expect(fetch(`${server.origin}/`)).rejects.toThrow();
  });

  it('answers a redirect page with its status (307 by default) and location', async () => {
    const server = await servePages({ '/old': { redirect: '/new' }, '/gone': { redirect: '/new', status: 301 } });
    const answers = await Promise.all(
      ['/old', '/gone'].map((path) => fetch(`${server.origin}${path}`, { redirect: 'manual' })),
    );
    expect(answers.map((answer) => [answer.status, answer.headers.get('location')])).toEqual([
      [307, '/new'],
      [301, '/new'],
    ]);
    await server.close();
  });
});
