// pull against the mock process: a range of 10x the result limit, filters, stdout and gzip, each output
// compared with the mock's ground truth (its generators), exactly once.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDone, logRecords, pullArgs, runCli } from './helpers/cli.js';
import { auditQueryEnv, zohoEnv } from './helpers/credentials.js';
import { type MockProcess, startMockProcess } from './helpers/mock-process.js';
import { auditQueryTruth, idsOf, pastWindow, pastWindowHolding, readOutput, zohoTruth } from './helpers/truth.js';

const LIMIT = 100;

let mock: MockProcess;
let dir: string;
beforeAll(async () => {
  mock = await startMockProcess({
    seed: 11,
    config: {
      auditQuery: { resultLimit: LIMIT, eventsPerHour: 400 },
      zoho: { resultLimit: 3 * LIMIT, entriesPerHour: 400 },
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'cli-pull-'));
});
afterAll(async () => {
  await mock?.close();
});

const aq = (window: { from: string; to: string }, out: string, ...extra: string[]) =>
  pullArgs('audit-query', mock.url, window, join(dir, out), ...extra);

describe('pull audit-query', () => {
  it('exports a range of 10x the result limit, every event exactly once, in order', async () => {
    const window = await pastWindowHolding(
      30,
      10 * LIMIT,
      (w) => auditQueryTruth(mock, { tenantId: 'acme', ...w }).length,
    );
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

  it('refuses a checkpoint whose resume point was altered (exit 2), leaving the output as it was', async () => {
    const window = pastWindow(45, 2);
    const env = auditQueryEnv();
    const out = join(dir, 'tampered.jsonl');
    expectDone(await runCli(aq(window, 'tampered.jsonl', '--checkpoint-every', '50'), { env }));
    const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8'));
    expect(checkpoint.resume).toMatchObject({ jobId: expect.any(String), fingerprint: expect.any(String) });
    // As if it had stopped short, with a point that claims fewer events than the file holds.
    checkpoint.complete = false;
    checkpoint.resume.eventsDelivered -= 1;
    writeFileSync(`${out}.checkpoint.json`, JSON.stringify(checkpoint));
    const bytes = readFileSync(out);
    const result = await runCli(aq(window, 'tampered.jsonl', '--log-format', 'text'), { env });
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/saved resume point cannot continue this export/);
    expect(readFileSync(out).equals(bytes)).toBe(true);
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

describe('pull zoho', () => {
  it("exports a range of 10x an export's entry limit (--result-limit), every entry exactly once", async () => {
    const window = await pastWindowHolding(
      30,
      10 * 3 * LIMIT,
      async (w) => (await zohoTruth(mock, w.startMs, w.endMs)).length,
    );
    const truth = await zohoTruth(mock, window.startMs, window.endMs);
    expect(truth.length).toBeGreaterThanOrEqual(10 * 3 * LIMIT);
    const out = join(dir, 'zoho-ten.jsonl');
    const result = await runCli(pullArgs('zoho', mock.url, window, out, '--result-limit', String(3 * LIMIT)), {
      env: zohoEnv(),
    });
    expectDone(result);
    expect(readOutput(out).map((entry) => entry['Record Id'])).toEqual(truth);
    expect(
      new Set(
        logRecords(result.stderr)
          .filter((r) => r.event === 'state')
          .map((r) => r.part),
      ).size,
    ).toBeGreaterThanOrEqual(10);
  });
});
