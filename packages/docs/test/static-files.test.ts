import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, resolveRequestPath } from '../src/static-files.js';

const root = resolve('/srv/site');

describe('resolveRequestPath', () => {
  it.each([
    ['the root', '/', root],
    ['a page', '/index.html', join(root, 'index.html')],
    ['a nested asset', '/assets/site.css', join(root, 'assets', 'site.css')],
    ['an encoded space', '/a%20b.html', join(root, 'a b.html')],
  ])('maps %s inside the root', (_name, path, want) => {
    expect(resolveRequestPath(root, path)).toBe(want);
  });

  it.each([
    ['a parent segment', '/../etc/passwd'],
    ['an encoded parent segment', '/%2e%2e/etc/passwd'],
    ['an encoded slash', '/assets%2f..%2f..%2fetc/passwd'],
    ['a backslash', '/..\\..\\etc\\passwd'],
    ['a NUL byte', '/index.html%00.png'],
    ['malformed percent-encoding', '/%E0%A4%A'],
  ])('refuses %s', (_name, path) => {
    expect(resolveRequestPath(root, path)).toBeUndefined();
  });
});

describe('contentTypeFor', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['redoc.standalone.js', 'text/javascript; charset=utf-8'],
    ['site.CSS', 'text/css; charset=utf-8'],
    ['audit-query.yaml', 'application/yaml; charset=utf-8'],
    ['favicon.svg', 'image/svg+xml'],
    ['blob.bin', 'application/octet-stream'],
  ])('names %s as %s', (file, want) => {
    expect(contentTypeFor(file)).toBe(want);
  });
});
