// Crash safety: pulls and syncs killed with SIGKILL at seeded random instants, each followed by a rerun of the
// same command. After every kill the committed state must hold (the checkpoint parses, the output has at least
// its committed bytes, and those bytes are a prefix of the ground truth with nothing twice); in the end the
// output equals the ground truth.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDone, finished, logRecords, pullArgs, runCli, spawnCli } from './helpers/cli.js';
import { auditQueryEnv, zohoEnv } from './helpers/credentials.js';
import { type MockProcess, startMockProcess } from './helpers/mock-process.js';
import { seededRandom } from './helpers/prng.js';
import { auditQueryTruth, idsOf, pastWindow, readOutput, zohoTruth } from './helpers/truth.js';

const KILLS = 20;
let mock: MockProcess;
let dir: string;
beforeAll(async () => {
  mock = await startMockProcess({
    seed: 23,
    // Jobs that take 300 ms make every pull last seconds on any machine, so the kills (250 ms to 1.75 s after
    // the start) land inside a run, not after it: the kill points are random, the runs' length is not.
    config: {
      auditQuery: { resultLimit: 100, eventsPerHour: 400, pendingMs: 100, processingMs: 200 },
      zoho: { resultLimit: 300, entriesPerHour: 400, scheduledMs: 100, progressMs: 200 },
    },
  });
  dir = mkdtempSync(join(tmpdir(), 'cli-kill-'));
});
afterAll(async () => {
  await mock?.close();
});

/** Starts the command, kills it after `delayMs` unless it ended first; true when it was killed. */
async function killAfter(args: string[], env: Record<string, string>, delayMs: number): Promise<boolean> {
  const child = spawnCli(args, { env });
  const done = finished(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
  const result = await done;
  clearTimeout(timer);
  if (result.signal === 'SIGKILL') return true;
  expectDone(result);
  return false;
}

/** The committed prefix of a pull's output: its ids, after checking it against the checkpoint. */
function committedIds(out: string): string[] {
  const checkpoint = JSON.parse(readFileSync(`${out}.checkpoint.json`, 'utf8'));
  if (!existsSync(out) || checkpoint.output.bytes === 0) {
    // Nothing committed yet (an empty prefix is no gzip stream to read).
    expect(checkpoint.output.bytes).toBe(0);
    expect(checkpoint.output.items).toBe(0);
    return [];
  }
  const bytes = readFileSync(out);
  expect(bytes.length).toBeGreaterThanOrEqual(checkpoint.output.bytes);
  const text = gunzipSync(bytes.subarray(0, checkpoint.output.bytes)).toString('utf8');
  const ids = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line).eventId as string);
  expect(ids).toHaveLength(checkpoint.output.items);
  return ids;
}

describe('kill -9', () => {
  it(`pull: ${KILLS} seeded kills at random points, each rerun continues, the end equals the ground truth`, async () => {
    const random = seededRandom(20261206);
    const env = auditQueryEnv();
    let kills = 0;
    for (let round = 0; kills < KILLS && round < 5; round++) {
      const window = pastWindow(30 + round * 5, 3);
      const truth = auditQueryTruth(mock, { tenantId: 'acme', ...window });
      const out = join(dir, `pull-${round}.jsonl.gz`);
      const args = pullArgs('audit-query', mock.url, window, out, '--checkpoint-every', '30', '--quiet');
      for (;;) {
        const killed = kills < KILLS && (await killAfter(args, env, 250 + Math.floor(random() * 1500)));
        if (!killed) break;
        kills++;
        if (existsSync(`${out}.checkpoint.json`)) {
          const ids = committedIds(out);
          expect(ids).toEqual(truth.slice(0, ids.length));
        }
      }
      const last = await runCli(args, { env });
      expectDone(last);
      expect(idsOf(out)).toEqual(truth);
    }
    expect(kills).toBe(KILLS);
  }, 240_000);

  it("sync: kills leave a lock and a partial file behind; the rerun takes the dead run's lock and ends equal to the ground truth", async () => {
    const random = seededRandom(424242);
    const env = auditQueryEnv();
    const window = pastWindow(80, 4);
    const outDir = join(dir, 'sync');
    mkdirSync(outDir);
    const args = [
      'sync',
      'audit-query',
      '--base-url',
      `${mock.url}/audit-query-service`,
      '--tenant',
      'acme',
      '--state',
      join(dir, 'sync.json'),
      '--out-dir',
      outDir,
      '--since',
      window.from,
      '--until',
      window.to,
      '--window',
      '1h',
      '--checkpoint-every',
      '30',
      '--poll-interval',
      '50ms',
      '--quiet',
    ];
    let kills = 0;
    while (kills < 6 && (await killAfter(args, env, 300 + Math.floor(random() * 1500)))) kills++;
    expect(kills).toBeGreaterThan(0);
    const last = await runCli(args, { env });
    expectDone(last);
    const files = readdirSync(outDir).sort();
    expect(files.filter((f) => f.endsWith('.partial'))).toEqual([]);
    expect(files.flatMap((file) => idsOf(join(outDir, file)))).toEqual(
      auditQueryTruth(mock, { tenantId: 'acme', ...window }),
    );
  }, 120_000);

  it('pull zoho: kills across parts of a range past the entry limit; the rerun ends equal to the ground truth', async () => {
    const random = seededRandom(7_7_7);
    const window = pastWindow(100, 8);
    const out = join(dir, 'zoho.jsonl.gz');
    const args = pullArgs(
      'zoho',
      mock.url,
      window,
      out,
      '--result-limit',
      '300',
      '--checkpoint-every',
      '100',
      '--quiet',
    );
    const env = zohoEnv();
    let kills = 0;
    while (kills < 6 && (await killAfter(args, env, 300 + Math.floor(random() * 1500)))) kills++;
    expect(kills).toBeGreaterThan(0);
    const last = await runCli(args, { env });
    expectDone(last);
    expect(readOutput(out).map((entry) => entry['Record Id'])).toEqual(
      await zohoTruth(mock, window.startMs, window.endMs),
    );
  }, 120_000);

  it('Ctrl+C: commits what was written, exits 130 naming the command to rerun; the rerun ends equal to the ground truth', async () => {
    const window = pastWindow(130, 5);
    const out = join(dir, 'interrupted.jsonl.gz');
    const args = pullArgs('audit-query', mock.url, window, out, '--checkpoint-every', '30');
    const env = auditQueryEnv();
    const child = spawnCli(args, { env });
    const done = finished(child);
    // Interrupt once some events are committed.
    await new Promise<void>((resolve) => {
      child.stderr?.on('data', (chunk: Buffer) => {
        if (/"state":"COMPLETED","part":3/.test(chunk.toString())) resolve();
      });
    });
    child.kill('SIGINT');
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    const last = logRecords(result.stderr).at(-1);
    expect(last).toMatchObject({ code: 'INTERRUPTED', exitCode: 130 });
    expect(String(last?.message)).toMatch(/Continue with:\n {2}audit-export pull audit-query/);
    const truth = auditQueryTruth(mock, { tenantId: 'acme', ...window });
    const committed = committedIds(out);
    expect(committed.length).toBeGreaterThan(0);
    expect(committed).toEqual(truth.slice(0, committed.length));
    const rerun = await runCli(args, { env });
    expectDone(rerun);
    expect(idsOf(out)).toEqual(truth);
  });
});
