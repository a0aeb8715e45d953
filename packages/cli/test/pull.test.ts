// pull against the mock process: a range of 10x the result limit, filters, stdout and gzip, each output
// compared with the mock's ground truth (its generators), exactly once.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, logRecords, runCli } from './helpers/cli.js';
import { auditQueryEnv } from './helpers/credentials.js';
import { type MockProcess, startMockProcess } from './helpers/mock-process.js';
import { auditQueryTruth, idsOf, pastWindow } from './helpers/truth.js';

const LIMIT = 100;

let mock: MockProcess;
let dir: string;
beforeAll(async () => {
  mock = await startMockProcess({ seed: 11, config: { auditQuery: { resultLimit: LIMIT, eventsPerHour: 400 } } });
  dir = mkdtempSync(join(tmpdir(), 'cli-pull-'));
});
afterAll(async () => {
  await mock?.close();
});

const aq = (window: { from: string; to: string }, out: string, ...extra: string[]) => [
  'pull',
  'audit-query',
  '--base-url',
  `${mock.url}/audit-query-service`,
  '--tenant',
  'acme',
  '--from',
  window.from,
  '--to',
  window.to,
  '--out',
  join(dir, out),
  '--poll-interval',
  '50ms',
  ...extra,
];

function expectDone(result: CliResult): void {
  expect(result.code, result.stderr).toBe(0);
}

describe('pull audit-query', () => {
  it('exports a range of 10x the result limit, every event exactly once, in order', async () => {
    const window = pastWindow(30, 3);
    const truth = auditQueryTruth(mock, { tenantId: 'acme', ...window });
    expect(truth.length).toBeGreaterThanOrEqual(10 * LIMIT);
    const result = await runCli(aq(window, 'ten.jsonl'), { env: auditQueryEnv() });
    expectDone(result);
    expect(idsOf(join(dir, 'ten.jsonl'))).toEqual(truth);
    // JSON logs off a TTY: one line per window, and per state change of each part's job.
    const records = logRecords(result.stderr);
    expect(records.filter((r) => r.event === 'window')).toHaveLength(1);
    expect(new Set(records.filter((r) => r.event === 'state').map((r) => r.part)).size).toBeGreaterThanOrEqual(10);
    expect(records.at(-1)).toMatchObject({ event: 'window-done', items: truth.length });
  });

  it('writes gzip for .gz, as one valid stream of members, and does not redo a complete pull', async () => {
    const window = pastWindow(40, 1);
    const env = auditQueryEnv();
    const first = await runCli(aq(window, 'one.jsonl.gz', '--checkpoint-every', '25'), { env });
    expectDone(first);
    expect(idsOf(join(dir, 'one.jsonl.gz'))).toEqual(auditQueryTruth(mock, { tenantId: 'acme', ...window }));
    const bytes = readFileSync(join(dir, 'one.jsonl.gz'));
    const again = await runCli(aq(window, 'one.jsonl.gz', '--checkpoint-every', '25'), { env });
    expectDone(again);
    expect(logRecords(again.stderr).map((r) => r.event)).toEqual(['note']);
    expect(readFileSync(join(dir, 'one.jsonl.gz')).equals(bytes)).toBe(true);
  });

  it('writes JSON Lines to stdout with --out -', async () => {
    const window = pastWindow(50, 1);
    const result = await runCli([...aq(window, 'unused'), '--out', '-', '--quiet'], { env: auditQueryEnv() });
    expectDone(result);
    expect(result.stderr).toBe('');
    const ids = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line).eventId);
    expect(ids).toEqual(auditQueryTruth(mock, { tenantId: 'acme', ...window }));
  });

  it('applies the filters', async () => {
    const window = pastWindow(60, 4);
    const result = await runCli(aq(window, 'security.jsonl', '--category', 'security'), { env: auditQueryEnv() });
    expectDone(result);
    const truth = auditQueryTruth(mock, { tenantId: 'acme', ...window, filters: { category: 'security' } });
    expect(truth.length).toBeGreaterThan(0);
    expect(idsOf(join(dir, 'security.jsonl'))).toEqual(truth);
  });
});
