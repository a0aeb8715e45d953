import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hashRoutedLinks, localizeRedocBundle, locateRedocly } from '../src/redoc-pages.js';

describe('hashRoutedLinks', () => {
  it('turns the prerendered path links inside #redoc into the hash routes Redoc uses in the browser', () => {
    const html =
      '<nav><a href="../index.html">home</a></nav><div id="redoc"><a href="/">top</a><a href="/export-jobs">jobs</a><a href="https://x.example">x</a></div><script type="module">const a = "/";</script>';
    expect(hashRoutedLinks(html)).toBe(
      '<nav><a href="../index.html">home</a></nav><div id="redoc"><a href="#/">top</a><a href="#/export-jobs">jobs</a><a href="https://x.example">x</a></div><script type="module">const a = "/";</script>',
    );
  });

  it('leaves a page without a Redoc root unchanged', () => {
    expect(hashRoutedLinks('<a href="/x">x</a>')).toBe('<a href="/x">x</a>');
  });
});

describe('localizeRedocBundle', () => {
  it('removes every CDN address from the installed Redoc bundle', () => {
    const source = readFileSync(locateRedocly().bundle, 'utf8');
    const local = localizeRedocBundle(source);
    expect(local).not.toMatch(/https:\/\/cdn\.redoc\.ly\//);
    expect(local.length).toBeGreaterThan(source.length / 2);
  });
});

describe('locateRedocly', () => {
  it('finds the CLI and reads the version of the Redoc it prerenders with', () => {
    const install = locateRedocly();
    expect(install.bundleVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(install.cli).toMatch(/cli\.js$/);
  });
});
