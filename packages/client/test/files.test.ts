import { strToU8, Zip, ZipDeflate } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveLimits } from '../src/zoho/limits.js';
import { OUTPUT_SLICE, readZip } from '../src/zoho/zip.js';
import {
  createZohoClient,
  csvEntries,
  DEFAULT_FILE_LIMITS,
  FileVerificationError,
  LimitExceededError,
  zipEntries,
} from '../src/zoho.js';
import {
  chunks,
  concat,
  csvText,
  isTypedFileError,
  outcome,
  plainZip,
  recordsOf,
  streamedZip,
} from './helpers/files.js';
import { startServer } from './helpers/server.js';

const rows = [
  ['2024-01-13T10:15:02+05:30', 'Patricia', 'Acme, Inc.'],
  ['2024-01-14T16:40:51+05:30', 'Boyle', 'Umbrella\nHoldings "Intl"'],
  ['2024-01-15T00:00:00+05:30', 'Kiran', 'Zoë 日本'],
];
const { text } = csvText(rows);
const want = recordsOf(rows);

/** The error of a read that must fail. */
async function failure(items: AsyncIterable<unknown>): Promise<FileVerificationError> {
  const { error } = await outcome(items);
  expect(error).toBeInstanceOf(FileVerificationError);
  return error as FileVerificationError;
}

describe('ZIP verification', () => {
  it.each([
    ['sizes in local headers, deflated', plainZip({ 'AuditLog_001.csv': text, 'AuditLog_002.csv': text })],
    ['sizes in local headers, stored', plainZip({ 'AuditLog_001.csv': text, 'AuditLog_002.csv': text }, 0)],
    ['data descriptors, deflated', streamedZip({ 'AuditLog_001.csv': text, 'AuditLog_002.csv': text })],
    ['data descriptors, stored', streamedZip({ 'AuditLog_001.csv': text, 'AuditLog_002.csv': text }, false)],
  ])('reads a ZIP with %s, whatever the chunking', async (_, zip) => {
    for (const size of [1, 3, 17, 100, zip.length]) {
      const cuts = Array.from({ length: Math.ceil(zip.length / size) }, (_, i) => i * size);
      expect(await outcome(zipEntries(chunks(zip, cuts)))).toEqual({ items: [...want, ...want], error: undefined });
    }
  });

  it.each([
    ['plain', plainZip({ 'AuditLog_001.csv': text, 'manifest.json': '{}' })],
    ['streamed', streamedZip({ 'AuditLog_001.csv': text, 'manifest.json': '{}' })],
  ])('a flipped byte anywhere in a %s ZIP: the exact rows or a typed error, never other rows', async (_, zip) => {
    let errors = 0;
    for (let at = 0; at < zip.length; at++) {
      const bad = zip.slice();
      bad[at] = (bad[at] as number) ^ 0x20;
      const result = await outcome(zipEntries(chunks(bad, [at])));
      if (result.error === undefined) expect(result.items).toEqual(want);
      else {
        expect(isTypedFileError(result.error), String(result.error)).toBe(true);
        errors++;
      }
    }
    expect(errors).toBeGreaterThan(zip.length / 2);
  });

  it('a changed byte of stored data is ZIP_CRC_MISMATCH', async () => {
    const zip = plainZip({ 'AuditLog_001.csv': text }, 0);
    const at = 30 + 'AuditLog_001.csv'.length + text.indexOf('Patricia');
    zip[at] = 'p'.charCodeAt(0);
    expect(await failure(zipEntries(chunks(zip)))).toMatchObject({
      code: 'ZIP_CRC_MISMATCH',
      entry: 'AuditLog_001.csv',
    });
  });

  it('a ZIP cut anywhere, even in the central directory, is ZIP_TRUNCATED', async () => {
    const zip = plainZip({ 'AuditLog_001.csv': text });
    for (const end of [10, zip.length - 60, zip.length - 10, zip.length - 1]) {
      expect((await failure(zipEntries(chunks(zip.subarray(0, end))))).code).toBe('ZIP_TRUNCATED');
    }
  });

  it("fflate's own errors never leave the reader: damaged or cut deflate data is ZIP_CORRUPT", async () => {
    const name = 'AuditLog_001.csv';
    const data = 30 + name.length;
    // A reserved block type (BTYPE 11) in the first deflate byte: fflate throws "invalid block type".
    const invalid = plainZip({ [name]: text });
    invalid[data] = 0xff;
    // A header whose compressed size stops 5 bytes early: fflate throws "unexpected EOF" at the entry's end.
    const cut = plainZip({ [name]: text });
    const view = new DataView(cut.buffer, cut.byteOffset);
    view.setUint32(18, view.getUint32(18, true) - 5, true);
    for (const [zip, said] of [
      [invalid, /invalid block type/],
      [cut, /unexpected EOF/],
    ] as const) {
      const error = await failure(zipEntries(chunks(zip)));
      expect(error).toMatchObject({ code: 'ZIP_CORRUPT', entry: name });
      expect(error.message).toMatch(said);
    }
  });

  it('bytes after the end record are ZIP_CORRUPT', async () => {
    const zip = concat([plainZip({ 'AuditLog_001.csv': text }), strToU8('junk')]);
    expect((await failure(zipEntries(chunks(zip)))).code).toBe('ZIP_CORRUPT');
  });

  it('an HTML page, an empty body or a ZIP without CSV is refused with a code', async () => {
    expect((await failure(zipEntries(chunks(strToU8('<!doctype html><title>Sign in</title>'))))).code).toBe(
      'NOT_A_ZIP',
    );
    expect((await failure(zipEntries(chunks(new Uint8Array(0))))).code).toBe('EMPTY_BODY');
    expect((await failure(zipEntries(chunks(plainZip({ 'readme.txt': 'hi' }))))).code).toBe('ZIP_NO_CSV');
  });
});

describe('CSV verification', () => {
  it('a CSV ending cleanly in the middle of a row is CSV_TRUNCATED, never a short record', async () => {
    const cut = text.slice(0, text.indexOf('Kiran') + 'Kiran'.length);
    const result = await outcome(csvEntries(chunks(strToU8(`${cut}\n`.replace(/\n$/, '')))));
    expect(result.items).toEqual(want.slice(0, 2));
    expect(result.error).toMatchObject({ code: 'CSV_TRUNCATED' });
    const atComma = text.slice(0, text.indexOf('Kiran') + 'Kiran,'.length);
    expect((await failure(csvEntries(chunks(strToU8(atComma))))).code).toBe('CSV_TRUNCATED');
  });

  it('a short row followed by a line break at the end is CSV_TRUNCATED; one in the middle is CSV_FIELD_COUNT', async () => {
    expect((await failure(csvEntries(chunks(strToU8(`${text}a,b\r\n`))))).code).toBe('CSV_FIELD_COUNT');
    expect((await failure(csvEntries(chunks(strToU8(`${text}a,b,c,d\r\n`))))).code).toBe('CSV_FIELD_COUNT');
  });

  it('an unterminated quote is CSV_TRUNCATED', async () => {
    expect((await failure(csvEntries(chunks(strToU8(`${text}x,y,"open`))))).code).toBe('CSV_TRUNCATED');
  });

  it('an HTML login page or an empty 200 body is refused, never zero rows', async () => {
    const html = '<!DOCTYPE html>\n<html><head><title>Zoho Accounts</title></head>\n<body>Sign in</body></html>\n';
    expect(await failure(csvEntries(chunks(strToU8(html)), { file: 'AuditLog.csv' }))).toMatchObject({
      code: 'UNEXPECTED_CSV_HEADER',
      file: 'AuditLog.csv',
    });
    expect((await failure(csvEntries(chunks(new Uint8Array(0))))).code).toBe('EMPTY_BODY');
    expect((await failure(csvEntries(chunks(strToU8('\r\n\r\n'))))).code).toBe('EMPTY_BODY');
  });

  it('keeps columns named __proto__ or constructor: records have no prototype (a record with a prototype would drop it)', async () => {
    const csv = strToU8('Audited Time,__proto__,constructor,toString\r\n2024-01-13,{"polluted":1},x,y\r\n');
    const [record] = (await outcome(csvEntries(chunks(csv)))).items as Record<string, string>[];
    expect(Object.getPrototypeOf(record)).toBeNull();
    expect(Object.keys(record ?? {})).toEqual(['Audited Time', '__proto__', 'constructor', 'toString']);
    expect(Object.getOwnPropertyDescriptor(record, '__proto__')?.value).toBe('{"polluted":1}');
    expect(record?.toString).toBe('y');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a header naming a column twice is CSV_DUPLICATE_COLUMN, one with no name CSV_EMPTY_COLUMN', async () => {
    const twice = await failure(
      csvEntries(chunks(strToU8('Audited Time,Done By, Done By \r\na,b,c\r\n')), { file: 'AuditLog.csv' }),
    );
    expect(twice).toMatchObject({ code: 'CSV_DUPLICATE_COLUMN', file: 'AuditLog.csv', offset: 1 });
    expect(twice.message).toBe(
      'Columns 2 and 3 of the header of AuditLog.csv are both named "Done By": records are keyed by column name, so one column\'s fields would be lost.',
    );
    const unnamed = await failure(csvEntries(chunks(strToU8('Audited Time,,Done By\r\na,b,c\r\n'))));
    expect(unnamed).toMatchObject({ code: 'CSV_EMPTY_COLUMN', offset: 1 });
    expect(unnamed.message).toMatch(/^Column 2 of the header of the CSV has no name/);
  });

  it('invalid UTF-8 is CSV_INVALID_UTF8', async () => {
    const bytes = concat([strToU8(text), Uint8Array.of(0x41, 0xff, 0x2c, 0x42, 0x2c, 0x43, 0x0a)]);
    expect((await failure(csvEntries(chunks(bytes)))).code).toBe('CSV_INVALID_UTF8');
  });
});

describe('memory limits', () => {
  it('an unquoted huge field is FIELD_TOO_LARGE after at most maxFieldBytes and one chunk', async () => {
    let pulled = 0;
    async function* endless() {
      yield strToU8('Audited Time,Done By,Record Name\r\n');
      // 8 MiB of one field (bounded, so the old parser finishes and fails the assertions instead of hanging).
      for (let i = 0; i < 512; i++) {
        pulled += 16 * 1024;
        yield new Uint8Array(16 * 1024).fill(0x61);
      }
      yield strToU8(',b,c\r\n');
    }
    const error = await failure(csvEntries(endless(), { maxFieldBytes: 256 * 1024 }));
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({ code: 'FIELD_TOO_LARGE', option: 'maxFieldBytes', limit: 256 * 1024 });
    expect(pulled).toBeLessThanOrEqual(256 * 1024 + 16 * 1024);
  });

  it('a row of many fields is ROW_TOO_LARGE', async () => {
    const row = `${'x,'.repeat(40_000)}x\r\n`;
    const error = await failure(
      csvEntries(chunks(strToU8(`${text}${row}`)), { maxRowBytes: 32 * 1024, maxColumns: 100_000 }),
    );
    expect(error).toMatchObject({ code: 'ROW_TOO_LARGE', option: 'maxRowBytes' });
  });

  it('a header of 809,597 columns is TOO_MANY_COLUMNS, read no further than maxColumns names (kept, it cost 2.5 GB)', async () => {
    const columns = 809_597;
    const names = Array.from({ length: columns }, (_, i) => (i === 0 ? 'Audited Time' : `c${i}`));
    const header = strToU8(`${names.join(',')}\r\n`);
    const firstNames = strToU8(`${names.slice(0, DEFAULT_FILE_LIMITS.maxColumns + 1).join(',')},`).length;
    let pulled = 0;
    let records = 0;
    async function* wide() {
      for (let i = 0; i < header.length; i += 16 * 1024) {
        const chunk = header.subarray(i, i + 16 * 1024);
        pulled += chunk.length;
        yield chunk;
      }
      // The rows of the 36 MB file: never reached.
      for (let row = 0; row < 44; row++) {
        pulled += columns;
        yield new Uint8Array(columns).fill(0x2c).fill(0x0a, columns - 1);
      }
    }
    const error = await failure(
      (async function* () {
        for await (const record of csvEntries(wide(), { file: 'wide.csv' })) {
          records++;
          yield record;
        }
      })(),
    );
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error).toMatchObject({
      code: 'TOO_MANY_COLUMNS',
      option: 'maxColumns',
      limit: DEFAULT_FILE_LIMITS.maxColumns,
      file: 'wide.csv',
    });
    expect(error.message).toMatch(/^Line 1 of wide\.csv has more than maxColumns \(1000\) columns/);
    expect(records).toBe(0);
    // Refused within one chunk of the names that fit: the rest of the header was never read, let alone kept.
    expect(pulled).toBeLessThanOrEqual(firstNames + 16 * 1024);
  });

  it('maxColumns bounds every row: exactly maxColumns columns pass, one more is refused', async () => {
    const header = ['Audited Time', ...Array.from({ length: 7 }, (_, i) => `c${i}`)];
    const file = (extra: string) => strToU8(`${header.join(',')}\r\n${header.map((_, i) => i).join(',')}${extra}\r\n`);
    expect(await outcome(csvEntries(chunks(file('')), { maxColumns: 8 }))).toMatchObject({ error: undefined });
    expect(await failure(csvEntries(chunks(file(',8')), { maxColumns: 8 }))).toMatchObject({
      code: 'TOO_MANY_COLUMNS',
      limit: 8,
      offset: undefined,
    });
    expect(await failure(csvEntries(chunks(file('')), { maxColumns: 7 }))).toMatchObject({ code: 'TOO_MANY_COLUMNS' });
    await expect(outcome(csvEntries(chunks(file('')), { maxColumns: -1 }))).resolves.toMatchObject({
      error: { code: 'INVALID_ARGUMENT' },
    });
  });

  it('counts an astral character as 4 bytes at the field and row limits (not 5, as a copy once counted)', async () => {
    const party = '\u{1F389}'.repeat(500); // 2,000 UTF-8 bytes
    const csv = (field: string) => strToU8(`Audited Time,Done By,Record Name\r\na,${field},${party}\r\n`);
    // A field of exactly maxFieldBytes, one byte more.
    expect(await outcome(csvEntries(chunks(csv(party)), { maxFieldBytes: 2000 }))).toMatchObject({
      items: [{ 'Audited Time': 'a', 'Done By': party, 'Record Name': party }],
      error: undefined,
    });
    expect(await failure(csvEntries(chunks(csv(`${party}x`)), { maxFieldBytes: 2000 }))).toMatchObject({
      code: 'FIELD_TOO_LARGE',
    });
    // A row of exactly maxRowBytes (fields and commas: 1 + 1 + 2,000 + 1 + 2,000), one byte less.
    expect(await outcome(csvEntries(chunks(csv(party)), { maxRowBytes: 4003 }))).toMatchObject({ error: undefined });
    expect(await failure(csvEntries(chunks(csv(party)), { maxRowBytes: 4002 }))).toMatchObject({
      code: 'ROW_TOO_LARGE',
    });
  });

  it('a small ZIP inflating to one huge field is refused, never inflated whole (which would exhaust the heap)', async () => {
    // About 40 kB compressed, 40 MB inflated: the entry streams with no size in its header.
    const parts: Uint8Array[] = [];
    const zip = new Zip((_, data) => parts.push(data));
    const entry = new ZipDeflate('AuditLog_001.csv', { level: 9 });
    zip.add(entry);
    entry.push(strToU8('Audited Time,Done By,Record Name\r\n'));
    const block = new Uint8Array(1024 * 1024).fill(0x61);
    for (let i = 0; i < 40; i++) entry.push(block);
    entry.push(strToU8(',b,c\r\n'), true);
    zip.end();
    const bomb = concat(parts);
    expect(bomb.length).toBeLessThan(200_000);
    const byRatio = await failure(zipEntries(chunks(bomb, [1000, 50_000])));
    expect(byRatio).toMatchObject({ code: 'COMPRESSION_RATIO', limit: DEFAULT_FILE_LIMITS.maxCompressionRatio });
    const byField = await failure(zipEntries(chunks(bomb), { maxCompressionRatio: 10_000 }));
    expect(byField).toMatchObject({ code: 'FIELD_TOO_LARGE', entry: undefined });
    const byEntry = await failure(
      zipEntries(chunks(bomb), {
        maxCompressionRatio: 10_000,
        maxFieldBytes: 1e9,
        maxRowBytes: 1e9,
        maxEntryBytes: 8e6,
      }),
    );
    expect(byEntry).toMatchObject({ code: 'ENTRY_TOO_LARGE', option: 'maxEntryBytes', entry: 'AuditLog_001.csv' });
  });

  it('inflates a large entry delivered as one chunk in slices of at most 64 KiB, not every row of the chunk at once', async () => {
    const many = Array.from({ length: 40_000 }, (_, i) => [
      `2024-01-13T10:15:${i}`,
      `User ${i % 97}`,
      `R ${(i * 7919) % 10007}`,
    ]);
    const zip = plainZip({ 'AuditLog_001.csv': csvText(many).text });
    const reader = readZip(chunks(zip), resolveLimits(), 'big.zip');
    const sizes: number[] = [];
    for await (const item of reader) {
      if (item.type === 'data') sizes.push(item.data.length);
    }
    expect(sizes.length).toBeGreaterThan(10);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(OUTPUT_SLICE);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(csvText(many).text.length);
  });

  it('an entry whose header declares too much is refused before inflating', async () => {
    const zip = plainZip({ 'AuditLog_001.csv': `${text}${'z'.repeat(5000)}` });
    expect(await failure(zipEntries(chunks(zip), { maxEntryBytes: 1000 }))).toMatchObject({ code: 'ENTRY_TOO_LARGE' });
  });

  it('a limit that is not a positive number is an InvalidArgumentError', async () => {
    await expect(outcome(csvEntries(chunks(strToU8(text)), { maxFieldBytes: 0 }))).resolves.toMatchObject({
      error: { code: 'INVALID_ARGUMENT' },
    });
  });
});

describe('ZohoClient.download checks the body against the link', () => {
  const bodies: Record<string, [string, string | Uint8Array]> = {
    '/v7/crm/1/auditlog/2/login.zip': ['text/html', '<!doctype html><title>Sign in</title>'],
    '/v7/crm/1/auditlog/2/login.csv': ['text/html', '<!doctype html>\n<title>Sign in</title>\n'],
    '/v7/crm/1/auditlog/2/empty.zip': ['application/zip', ''],
    '/v7/crm/1/auditlog/2/empty.csv': ['text/csv', ''],
    '/v7/crm/1/auditlog/2/good.zip': ['application/zip', plainZip({ 'AuditLog_001.csv': text })],
  };
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer((request, response) => {
      const [type, body] = bodies[request.url] ?? ['text/plain', 'missing'];
      response.writeHead(200, { 'content-type': type });
      response.end(body);
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['login.zip', 'NOT_A_ZIP'],
    ['login.csv', 'UNEXPECTED_CSV_HEADER'],
    ['empty.zip', 'EMPTY_BODY'],
    ['empty.csv', 'EMPTY_BODY'],
  ])('%s is %s', async (file, code) => {
    const client = createZohoClient({ baseUrl: server.url, auth: { accessToken: 'token-1' } });
    const error = await failure(client.download(`${server.url}/v7/crm/1/auditlog/2/${file}`));
    expect(error).toMatchObject({ code, file });
  });

  it('a good ZIP yields its rows, with limits passed through', async () => {
    const client = createZohoClient({ baseUrl: server.url, auth: { accessToken: 'token-1' } });
    const link = `${server.url}/v7/crm/1/auditlog/2/good.zip`;
    expect((await outcome(client.download(link))).items).toEqual(want);
    expect((await outcome(client.download(link, { limits: { maxFieldBytes: 4 } }))).error).toMatchObject({
      code: 'FIELD_TOO_LARGE',
    });
  });
});
