import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  bundleForBrowser,
  chromiumInstallTimeoutMs,
  ensureChromium,
  launchChromium,
  type Page,
  type PageServer,
  pageWaitMs,
  readPageResult,
  servePages,
} from '@audit-export/testkit';
import fc from 'fast-check';
import { strToU8, Zip, ZipDeflate } from 'fflate';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concat, csvText, FILE_CODES, plainZip, recordsOf, streamedZip } from './helpers/files.js';

// A subset of the hostile-input suite, in headless Chromium against the built, bundled client.
const SEED = 160_009;
const entry = fileURLToPath(new URL('../dist/zoho.js', import.meta.url));

interface Case {
  name: string;
  kind: 'zip' | 'csv';
  options?: Record<string, number>;
  /** The rows the read must yield exactly when it does not fail. */
  rows?: Record<string, string>[];
  /** The code the read must fail with (`ANY`: any typed file error). */
  code?: string;
}
const files: Record<string, Uint8Array> = {};
const cases: Case[] = [];
function add(one: Case, body: Uint8Array) {
  files[one.name] = body;
  cases.push(one);
}

/** Damaged bodies, one of each kind the reader must refuse in a browser too, with the code it must end in. */
function regressions() {
  const rows = [
    ['2024-01-13T10:15:02+05:30', 'Patricia', 'Acme, Inc.'],
    ['2024-01-14T16:40:51+05:30', 'Boyle', 'Zoë "Intl"\n日本'],
  ];
  const { text } = csvText(rows);
  const zip = plainZip({ 'AuditLog_001.csv': text }, 0);
  const flipped = zip.slice();
  const at = 30 + 'AuditLog_001.csv'.length + text.indexOf('Patricia');
  flipped[at] = (flipped[at] as number) ^ 0x20;
  add({ name: 'good.zip', kind: 'zip', rows: recordsOf(rows) }, streamedZip({ 'AuditLog_001.csv': text }));
  add({ name: 'flipped.zip', kind: 'zip', code: 'ZIP_CRC_MISMATCH' }, flipped);
  add({ name: 'cut.zip', kind: 'zip', code: 'ZIP_TRUNCATED' }, zip.subarray(0, zip.length - 30));
  add({ name: 'login.zip', kind: 'zip', code: 'NOT_A_ZIP' }, strToU8('<!doctype html><title>Sign in</title>'));
  add({ name: 'login.csv', kind: 'csv', code: 'UNEXPECTED_CSV_HEADER' }, strToU8('<!doctype html>\n<p>Sign in</p>\n'));
  add({ name: 'empty.csv', kind: 'csv', code: 'EMPTY_BODY' }, new Uint8Array(0));
  add({ name: 'midrow.csv', kind: 'csv', code: 'CSV_TRUNCATED' }, strToU8(`${text}2024-01-15T00:00:00+05:30,Kiran`));
  add(
    { name: 'huge-field.csv', kind: 'csv', code: 'FIELD_TOO_LARGE', options: { maxFieldBytes: 100_000 } },
    concat([strToU8('Audited Time,Done By\r\n'), new Uint8Array(300_000).fill(0x61)]),
  );
  const parts: Uint8Array[] = [];
  const bomb = new Zip((_, data) => parts.push(data));
  const member = new ZipDeflate('AuditLog_001.csv', { level: 9 });
  bomb.add(member);
  member.push(strToU8('Audited Time,Done By\r\n'));
  for (let i = 0; i < 16; i++) member.push(new Uint8Array(1 << 20).fill(0x61));
  member.push(new Uint8Array(0), true);
  bomb.end();
  add({ name: 'bomb.zip', kind: 'zip', code: 'COMPRESSION_RATIO' }, concat(parts));
}

/** Seeded hostile bodies: ZIPs flipped or cut at random positions (exact rows or a typed error). */
function hostile() {
  const field = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', 'é', '🎉'), maxLength: 8 });
  const sample = fc.sample(
    fc.record({
      rows: fc.array(fc.tuple(field, field, field), { minLength: 1, maxLength: 6 }),
      streamed: fc.boolean(),
      flip: fc.option(fc.nat(), { nil: undefined }),
      cut: fc.option(fc.nat(), { nil: undefined }),
    }),
    { seed: SEED, numRuns: 24 },
  );
  for (const [i, one] of sample.entries()) {
    const text = csvText(one.rows).text;
    let body = one.streamed ? streamedZip({ 'AuditLog_001.csv': text }) : plainZip({ 'AuditLog_001.csv': text });
    if (one.flip !== undefined) {
      body = body.slice();
      const at = one.flip % body.length;
      body[at] = (body[at] as number) ^ 0x01;
    }
    if (one.cut !== undefined) body = body.subarray(0, 1 + (one.cut % (body.length - 1)));
    // Uncut: the exact rows or a typed error. Cut (flipped or not): always an error, a typed one.
    const expected: Case =
      one.cut === undefined
        ? { name: `hostile-${i}.zip`, kind: 'zip', rows: recordsOf(one.rows) }
        : { name: `hostile-${i}.zip`, kind: 'zip', code: one.flip === undefined ? 'ZIP_TRUNCATED' : 'ANY' };
    add(expected, body);
  }
}

let server: PageServer | undefined;
let browser: Browser;

// A fresh machine installs Chromium first (once for all suites, under a lock); launching is then quick.
beforeAll(() => ensureChromium(), chromiumInstallTimeoutMs);

beforeAll(async () => {
  regressions();
  hostile();
  const pages: Record<string, Page> = {
    '/': ['text/html', '<!doctype html><title>client smoke</title><script type="module" src="/smoke.js"></script>'],
    '/smoke.js': ['text/javascript', readFileSync(new URL('./fixtures/browser-files.js', import.meta.url))],
    '/zoho.js': ['text/javascript', await bundleForBrowser(entry)],
    '/cases.json': [
      'application/json',
      JSON.stringify(cases.map(({ name, kind, options }) => ({ name, kind, options }))),
    ],
  };
  for (const [name, body] of Object.entries(files)) pages[`/files/${name}`] = ['application/octet-stream', body];
  server = await servePages(pages);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('the built client in headless Chromium', () => {
  it(
    'verifies downloaded files: exact rows or a typed error with the expected code',
    async () => {
      const { result, errors } = await readPageResult<{
        error?: string;
        process: string;
        outcomes: { name: string; items: unknown[]; code?: string; typed?: boolean; message?: string }[];
      }>(browser, `${server?.origin}/`, 'smokeResult');
      expect(errors).toEqual([]);
      expect(result.error).toBeUndefined();
      expect(result.process).toBe('undefined');
      expect(result.outcomes).toHaveLength(cases.length);
      for (const [i, one] of cases.entries()) {
        const got = result.outcomes[i];
        const where = `${one.name}: ${got?.message ?? 'no error'}`;
        if (got?.code === undefined) {
          expect(one.code, where).toBeUndefined();
          if (one.rows) expect(got?.items, where).toEqual(one.rows);
        } else {
          expect(got.typed && FILE_CODES.has(got.code), where).toBe(true);
          if (one.code !== 'ANY' && one.code !== undefined) expect(got.code, where).toBe(one.code);
          if (one.code === undefined) expect(one.rows, where).toBeDefined();
        }
      }
    },
    2 * pageWaitMs,
  );
});
