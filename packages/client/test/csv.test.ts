import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CsvParser, csvEntries, zipEntries } from '../src/zoho.js';

/** Splits bytes into chunks of `size` to prove the parsers do not care where chunks end. */
async function* chunked(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const csv =
  '\uFEFFAudited Time,Done By,Record Name\r\n2024-01-13T10:15:02+05:30,Patricia,"Acme, Inc."\r\n2024-01-14T16:40:51+05:30,Boyle,"Umbrella\nHoldings ""Intl"""\n';
const want = [
  { 'Audited Time': '2024-01-13T10:15:02+05:30', 'Done By': 'Patricia', 'Record Name': 'Acme, Inc.' },
  { 'Audited Time': '2024-01-14T16:40:51+05:30', 'Done By': 'Boyle', 'Record Name': 'Umbrella\nHoldings "Intl"' },
];

describe('CsvParser', () => {
  it('parses RFC 4180 quoting, CRLF and LF, and a BOM', () => {
    const parser = new CsvParser();
    expect([...parser.push(csv), ...parser.end()]).toEqual([
      ['Audited Time', 'Done By', 'Record Name'],
      ['2024-01-13T10:15:02+05:30', 'Patricia', 'Acme, Inc.'],
      ['2024-01-14T16:40:51+05:30', 'Boyle', 'Umbrella\nHoldings "Intl"'],
    ]);
  });
  it('reports a file that ends inside a quoted field', () => {
    const parser = new CsvParser();
    parser.push('a,b\n1,"unterminated');
    expect(() => parser.end()).toThrow(expect.objectContaining({ code: 'CSV_TRUNCATED' }));
  });
});

describe('csvEntries', () => {
  it.each([1, 2, 3, 7, 64])('yields the same records whatever the chunk size (%i bytes)', async (size) => {
    expect(await collect(csvEntries(chunked(strToU8(csv), size)))).toEqual(want);
  });
});

describe('zipEntries', () => {
  it('streams every CSV inside a ZIP in order, from small chunks', async () => {
    const second = 'Audited Time,Done By,Record Name\n2024-01-15T00:00:00+05:30,Kiran,Initech\n';
    const zip = zipSync({ 'AuditLog_001.csv': strToU8(csv), 'AuditLog_002.csv': strToU8(second) });
    const records = await collect(zipEntries(chunked(zip, 5)));
    expect(records).toEqual([
      ...want,
      { 'Audited Time': '2024-01-15T00:00:00+05:30', 'Done By': 'Kiran', 'Record Name': 'Initech' },
    ]);
  });
  it('reports a ZIP cut in the middle of a file', async () => {
    const big = `Done By\n${Array.from({ length: 5000 }, (_, i) => `row-${i}-${(i * 7919) % 1000}`).join('\n')}\n`;
    const zip = zipSync({ 'AuditLog_001.csv': strToU8(big) }, { level: 0 });
    await expect(collect(zipEntries(chunked(zip.subarray(0, zip.length / 2), 1000)))).rejects.toMatchObject({
      code: 'ZIP_TRUNCATED',
    });
  });
});
