// On a terminal: the live progress line per window (state, events, size, rate, part, ETA), not log lines. The bin
// runs under `script`, which gives it a pseudo-terminal.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cliEnv, pullArgs } from './helpers/cli.js';
import { auditQueryEnv } from './helpers/credentials.js';
import { type MockProcess, startMockProcess } from './helpers/mock-process.js';
import { auditQueryTruth, idsOf, pastWindow } from './helpers/truth.js';

const run = promisify(execFile);
let mock: MockProcess;
beforeAll(async () => {
  mock = await startMockProcess({ seed: 13, config: { auditQuery: { resultLimit: 100, eventsPerHour: 300 } } });
});
afterAll(async () => {
  await mock?.close();
});

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

describe('on a terminal', () => {
  it('shows a progress line per window with the job state, events, size, rate, part and ETA', async () => {
    const window = pastWindow(20, 2);
    const out = join(mkdtempSync(join(tmpdir(), 'cli-tty-')), 'tty.jsonl');
    const args = [process.execPath, BIN, ...pullArgs('audit-query', mock.url, window, out)];
    const { stdout } = await run('script', ['-qfec', args.map(quote).join(' '), '/dev/null'], {
      env: cliEnv(auditQueryEnv()),
      timeout: 60_000,
    });
    // Without the terminal's escape sequences (ESC [ … letter).
    const screen = stdout.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[A-Za-z]`, 'g'), '');
    expect(screen).toMatch(
      /\[[█░]+\] \d+% \| part \d+ (PENDING|PROCESSING|COMPLETED) \| \d+ events [\d.]+ (B|KiB|MiB) \d+\/s \| ETA \d+s/,
    );
    expect(screen).toMatch(/part \d+ done \| \d+ events/);
    expect(screen).not.toContain('{"time"');
    expect(idsOf(out)).toEqual(auditQueryTruth(mock, { tenantId: 'acme', ...window }));
  });
});
