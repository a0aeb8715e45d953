// Every scenario the issue names, through pull against the mock process: each output equal to the mock's ground
// truth (its generators), exactly once.
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, expectDone, logRecords, pullArgs, runCli } from './helpers/cli.js';
import { auditQueryEnv, zohoEnv } from './helpers/credentials.js';
import { type MockProcess, startMockProcess } from './helpers/mock-process.js';
import { auditQueryTruth, idsOf, pastWindow, readOutput, zohoTruth } from './helpers/truth.js';

const require = createRequire(import.meta.url);
const mockCli = join(dirname(require.resolve('@audit-export/mock/package.json')), 'dist', 'cli.js');
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

const aq = (window: { from: string; to: string }, out: string, ...extra: string[]) =>
  pullArgs('audit-query', mock.url, window, join(dir, out), ...extra);

describe('scenarios', () => {
  /** Runs until done, rerunning after exit 3 (the documented way on), at most `runs` times. */
  async function untilDone(args: string[], env: Record<string, string>, runs = 6): Promise<CliResult[]> {
    const results: CliResult[] = [];
    for (let i = 0; i < runs; i++) {
      const result = await runCli(args, { env });
      results.push(result);
      if (result.code !== 3) break;
      expect(result.stderr).toContain('continue with:');
    }
    expect(results.at(-1)?.code, results.at(-1)?.stderr).toBe(0);
    return results;
  }

  it('flaky-download: dropped downloads are restarted, no event twice', async () => {
    await mock.scenario('flaky-download');
    const window = pastWindow(70, 3);
    const result = await runCli(aq(window, 'flaky.jsonl'), { env: auditQueryEnv() });
    expectDone(result);
    expect(idsOf(join(dir, 'flaky.jsonl'))).toEqual(auditQueryTruth(mock, { tenantId: 'acme', ...window }));
    const zoho = pastWindow(80, 24);
    const z = await runCli(pullArgs('zoho', mock.url, zoho, join(dir, 'flaky-zoho.jsonl')), { env: zohoEnv() });
    expectDone(z);
    expect(readOutput(join(dir, 'flaky-zoho.jsonl')).map((e) => e['Record Id'])).toEqual(
      await zohoTruth(mock, zoho.startMs, zoho.endMs),
    );
  });

  it('rate-limited: 429 storms are waited out (or end in exit 3 and a rerun), exactly once', async () => {
    await mock.scenario('rate-limited');
    const window = pastWindow(90, 0.2);
    const results = await untilDone(aq(window, 'limited.jsonl'), auditQueryEnv());
    expect(idsOf(join(dir, 'limited.jsonl'))).toEqual(auditQueryTruth(mock, { tenantId: 'acme', ...window }));
    expect(results.flatMap((r) => logRecords(r.stderr)).some((r) => r.event === 'retry' && r.reason === 429)).toBe(
      true,
    );
  }, 120_000);

  it('token-expired: --token-command is run again on 401', async () => {
    await mock.scenario('token-expired');
    const window = pastWindow(100, 3);
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(mockCli)} token --tenant acme --json`;
    const result = await runCli(aq(window, 'expired.jsonl', '--token-command', command), { env: {} });
    expectDone(result);
    expect(idsOf(join(dir, 'expired.jsonl'))).toEqual(auditQueryTruth(mock, { tenantId: 'acme', ...window }));
    expect(logRecords(result.stderr).some((r) => r.event === 'retry' && r.reason === 'auth')).toBe(true);
  });

  it('job-fails-then-resume: a FAILED job is resumed', async () => {
    await mock.scenario('job-fails-then-resume');
    const window = pastWindow(110, 1);
    const result = await runCli(aq(window, 'failed.jsonl'), { env: auditQueryEnv() });
    expectDone(result);
    expect(logRecords(result.stderr).some((r) => r.event === 'state' && r.state === 'FAILED')).toBe(true);
    expect(idsOf(join(dir, 'failed.jsonl'))).toEqual(auditQueryTruth(mock, { tenantId: 'acme', ...window }));
  });

  it('huge-export: tens of thousands of events in one job', async () => {
    await mock.scenario('huge-export');
    // Half an hour at 50,000 an hour: the mock draws 0.5 to 1.5 times the rate for each hour, so 12,500 to 37,500
    // events, past the default result limit of a job (10,000) whatever the hour.
    const window = pastWindow(120, 0.5);
    const result = await runCli(aq(window, 'huge.jsonl.gz'), { env: auditQueryEnv() });
    expectDone(result);
    const truth = auditQueryTruth(mock, { tenantId: 'acme', ...window, eventsPerHour: 50_000 });
    expect(truth.length).toBeGreaterThan(10_000);
    expect(idsOf(join(dir, 'huge.jsonl.gz'))).toEqual(truth);
  });

  it('zoho-zip: a ZIP of CSV files, every entry once', async () => {
    await mock.scenario('zoho-zip');
    // 30 hours at 5,000 an hour, each hour drawn at 0.5 to 1.5 times the rate: far past the 100,000 entries a CSV
    // file holds (so the download is a ZIP) whatever the hour; 21 hours fell short in about one run of five.
    const zoho = pastWindow(130, 30);
    const result = await runCli(pullArgs('zoho', mock.url, zoho, join(dir, 'zip.jsonl.gz')), { env: zohoEnv() });
    expectDone(result);
    const truth = await zohoTruth(mock, zoho.startMs, zoho.endMs, 'zoho-zip');
    expect(truth.length).toBeGreaterThan(100_000);
    expect(readOutput(join(dir, 'zip.jsonl.gz')).map((e) => e['Record Id'])).toEqual(truth);
  });

  it('empty-result: an empty file and a complete checkpoint', async () => {
    await mock.scenario('empty-result');
    const window = pastWindow(140, 2);
    const result = await runCli(aq(window, 'empty.jsonl'), { env: auditQueryEnv() });
    expectDone(result);
    expect(readFileSync(join(dir, 'empty.jsonl'), 'utf8')).toBe('');
    const checkpoint = JSON.parse(readFileSync(join(dir, 'empty.jsonl.checkpoint.json'), 'utf8'));
    expect(checkpoint).toMatchObject({ complete: true, output: { bytes: 0, items: 0 } });
    await mock.scenario('happy');
  });
});
