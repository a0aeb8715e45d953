import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocsServer, serveDocs } from '../src/serve.js';

let dir: string;
let server: DocsServer;

/** A raw GET: fetch would normalise `..` away before the server ever saw it. */
function rawGet(path: string, headers: Record<string, string> = {}) {
  const url = new URL(server.url);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers, timeout: 5_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  const base = mkdtempSync(join(tmpdir(), 'docs-serve-'));
  dir = join(base, 'site');
  mkdirSync(join(dir, 'packages', 'events'), { recursive: true });
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>home</title>');
  writeFileSync(join(dir, 'packages', 'events', 'index.html'), '<!doctype html><title>events</title>');
  writeFileSync(join(dir, 'style.css'), 'body{}');
  writeFileSync(join(dir, 'a b.html'), '<!doctype html><title>spaced</title>');
  mkdirSync(join(dir, 'spec'));
  writeFileSync(join(dir, 'spec', 'audit-query.yaml'), 'openapi: 3.1.1\n');
  writeFileSync(join(base, 'secret.txt'), 'outside the site');
  server = await serveDocs({ host: '127.0.0.1', port: 0, mockUrl: 'http://127.0.0.1:5555/', root: dir });
});

afterAll(async () => {
  await server?.close();
  rmSync(join(dir, '..'), { recursive: true, force: true });
});

describe('serveDocs', () => {
  it('listens on the loopback port it reports', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the index of a directory and files with their content types', async () => {
    const home = await rawGet('/');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html; ?charset=utf-8$/);
    expect(home.body).toContain('home');
    const css = await rawGet('/style.css?v=1');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.body).toBe('body{}');
    expect(css.headers['x-content-type-options']).toBe('nosniff');
    const spec = await rawGet('/spec/audit-query.yaml');
    expect(spec.headers['content-type']).toMatch(/yaml/);
  });

  it('serves a page with an encoded space in its name', async () => {
    const page = await rawGet('/a%20b.html');
    expect(page.status).toBe(200);
    expect(page.body).toContain('spaced');
  });

  it('answers config.json with the mock URL it was given, without a trailing slash', async () => {
    const config = await rawGet('/config.json');
    expect(config.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(config.body)).toEqual({ mockUrl: 'http://127.0.0.1:5555' });
  });

  it('redirects a directory addressed without its slash, so relative links keep working', async () => {
    const response = await rawGet('/packages/events');
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/packages/events/');
  });

  it.each([
    ['//packages/events', '/packages/events/'],
    ['///packages/events', '/packages/events/'],
    ['//packages//events', '/packages/events/'],
    ['/packages//events', '/packages/events/'],
    ['//packages/events?from=elsewhere', '/packages/events/'],
    ['/%2Fpackages/events', '/%2Fpackages/events/'],
  ])('redirects %s to a path on this site (%s), never to another host', async (path, location) => {
    const response = await rawGet(path);
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe(location);
    // What a browser does with it: resolve it against the page's URL.
    expect(new URL(String(response.headers.location), `${server.url}${path}`).origin).toBe(server.url);
  });

  it('answers unknown paths with the 404 page', async () => {
    const response = await rawGet('/nope.html');
    expect(response.status).toBe(404);
    expect(response.body).toContain('Page not found');
  });

  it.each([
    '/../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2E%2E/secret.txt',
    '/packages/..%2f..%2fsecret.txt',
    '/packages/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/secret.txt%00.css',
    '/%E0%A4%A',
    '/..',
  ])('never serves or reveals a file outside the site (%s)', async (path) => {
    const response = await rawGet(path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('outside the site');
    expect(response.headers.location).toBeUndefined();
  });

  it('answers 304 when the browser already has the file', async () => {
    const first = await rawGet('/style.css');
    const again = await rawGet('/style.css', { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.url);
      const req = request({ host: url.hostname, port: url.port, path: '/', method: 'POST', timeout: 5_000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(405);
  });

  it('defaults the mock URL to the mock’s default port', async () => {
    const other = await serveDocs({ host: '127.0.0.1', port: 0, root: dir });
    try {
      const response = await fetch(`${other.url}/config.json`, { signal: AbortSignal.timeout(5_000) });
      expect(await response.json()).toEqual({ mockUrl: 'http://127.0.0.1:4010' });
    } finally {
      await other.close();
    }
  });
});
