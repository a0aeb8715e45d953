// sync against the mock process: incremental windows whose files together equal the ground truth exactly once
// (the overlap re-scan drops what earlier runs wrote), two runs at once on one state file, and the daily budget.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, logRecords, runCli, spawnCli } from './helpers/cli.js';
import { auditQueryEnv } from './helpers/credentials.js';
import { type MockProcess, startMockProcess } from './helpers/mock-process.js';
import { auditQueryTruth, idsOf, pastWindow } from './helpers/truth.js';

let mock: MockProcess;
let root: string;
beforeAll(async () => {
  mock = await startMockProcess({ seed: 31, config: { auditQuery: { resultLimit: 150, eventsPerHour: 300 } } });
  root = mkdtempSync(join(tmpdir(), 'cli-sync-'));
});
afterAll(async () => {
  await mock?.close();
});

function feed(name: string, ...extra: string[]) {
  const outDir = join(root, name);
  mkdirSync(outDir, { recursive: true });
  const state = join(root, `${name}.json`);
  const args = [
    'sync',
    'audit-query',
    '--base-url',
    `${mock.url}/audit-query-service`,
    '--tenant',
    'acme',
    '--state',
    state,
    '--out-dir',
    outDir,
    '--poll-interval',
    '50ms',
    ...extra,
  ];
  const files = () => readdirSync(outDir).sort();
  const ids = () => files().flatMap((file) => idsOf(join(outDir, file)));
  const readState = () => JSON.parse(readFileSync(state, 'utf8'));
  return { args, files, ids, readState, lock: `${state}.lock` };
}

describe('sync', () => {
  it('runs incrementally: each run starts at the cursor, re-scans the overlap, writes nothing twice', async () => {
    const window = pastWindow(20, 3);
    const middle = new Date(window.startMs + 2 * 3_600_000 + 17 * 60_000).toISOString();
    const f = feed('incremental');
    const env = auditQueryEnv();
    const first = await runCli([...f.args, '--since', window.from, '--until', middle, '--window', '1h', '--gzip'], {
      env,
    });
    expect(first.code, first.stderr).toBe(0);
    expect(f.files()).toHaveLength(3);
    expect(f.files().every((file) => /^audit-query-\d{8}T\d{6}Z-\d{8}T\d{6}Z\.jsonl\.gz$/.test(file))).toBe(true);
    expect(f.readState().cursorMs).toBe(Date.parse(middle));
    // The next run re-scans 30 minutes behind the cursor: the events there are already in the files.
    const second = await runCli([...f.args, '--until', window.to, '--overlap', '30m', '--gzip'], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(f.files()).toHaveLength(4);
    expect(f.ids()).toEqual(auditQueryTruth(mock, { tenantId: 'acme', ...window }));
    expect(Date.parse(String(logRecords(second.stderr).find((r) => r.event === 'window')?.from))).toBe(
      Date.parse(middle),
    );
    // Caught up: a third run does nothing.
    const third = await runCli([...f.args, '--until', window.to, '--gzip'], { env });
    expect(third.code).toBe(0);
    expect(logRecords(third.stderr).map((r) => r.event)).toEqual(['note']);
    expect(f.files()).toHaveLength(4);
  });

  it('two runs at once on one state file take turns: one says who holds the lock, nothing is written twice', async () => {
    const window = pastWindow(40, 6);
    // Slow polls keep the first run going for seconds; the second starts once the first holds the lock, so
    // the two overlap however long either takes to start on a busy machine.
    const f = feed(
      'concurrent',
      '--since',
      window.from,
      '--until',
      window.to,
      '--window',
      '1h',
      '--poll-interval',
      '400ms',
    );
    const env = auditQueryEnv();
    const first = finished(spawnCli(f.args, { env }), 120_000);
    for (let waited = 0; !existsSync(f.lock) && waited < 60_000; waited += 20) await sleep(20);
    const [a, b] = await Promise.all([first, runCli(f.args, { env })]);
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 3]);
    const loser = a.code === 3 ? a : b;
    expect(logRecords(loser.stderr).at(-1)).toMatchObject({ code: 'LOCK_HELD', exitCode: 3 });
    expect(String(logRecords(loser.stderr).at(-1)?.message)).toMatch(
      /holds the lock .*\(pid \d+ on .*\); this run did nothing/,
    );
    expect(f.ids()).toEqual(auditQueryTruth(mock, { tenantId: 'acme', ...window }));
  });

  it("counts requests in the state against the spec's budget and stops cleanly near its end", async () => {
    const window = pastWindow(60, 3);
    const f = feed('budget', '--since', window.from, '--until', window.to, '--window', '1h');
    const env = auditQueryEnv();
    const stopped = await runCli([...f.args, '--daily-budget', '14', '--budget-reserve', '8'], { env });
    expect(stopped.code, stopped.stderr).toBe(3);
    const last = logRecords(stopped.stderr).at(-1);
    expect(last).toMatchObject({ code: 'BUDGET_EXHAUSTED', exitCode: 3 });
    const state = f.readState();
    const counted = Object.values(state.budget.byOperation as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(counted).toBeGreaterThan(6);
    // Counted by the spec's operation ids.
    expect(Object.keys(state.budget.byOperation)).toEqual(
      expect.arrayContaining(['createExportJob', 'getExportJobStatus', 'getExportJobResult']),
    );
    expect(state.cursorMs).toBeGreaterThan(window.startMs);
    expect(state.inProgress).toBeNull();
    // Without the small override the spec's 10,000 a day apply, and the feed finishes where it stopped.
    const rest = await runCli(f.args, { env });
    expect(rest.code, rest.stderr).toBe(0);
    expect(f.ids()).toEqual(auditQueryTruth(mock, { tenantId: 'acme', ...window }));
  });
});
