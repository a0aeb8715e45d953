import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { otherRuntimes } from '@audit-export/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { specExampleLines, specJsonlExamples } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'events-smoke-'));
const data = join(dir, 'events.jsonl');
writeFileSync(data, specJsonlExamples().join('\n'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const hostNode = process.env.AUDIT_EXPORT_HOST_NODE ?? '/usr/bin/node';
const runtimes: (readonly [string, string, readonly string[]])[] = [
  ['the pinned Node', process.execPath, []],
  ["the machine's own Node", hostNode, []],
  ...otherRuntimes().map((runtime) => [runtime.name, runtime.command, runtime.args] as const),
];

describe('the built package (dist/) under Node, Bun and Deno', () => {
  it('is built', () => {
    expect(existsSync(join(packageDir, 'dist', 'index.js')), 'run the build first (turbo runs it before test)').toBe(
      true,
    );
  });

  it.each(runtimes)('parses, validates, formats and round-trips under %s', (_, node, args) => {
    expect(existsSync(node), `${node} not found`).toBe(true);
    const out = execFileSync(node, [...args, join(packageDir, 'test', 'fixtures', 'smoke.mjs'), data], {
      cwd: packageDir,
      encoding: 'utf8',
      timeout: 20_000,
    });
    const result = JSON.parse(out.trim());
    expect(result).toMatchObject({
      events: specExampleLines().length,
      same: true,
      valid: true,
      catalog: expect.any(Number),
    });
    expect(result.messages.every((message: string) => !message.includes('{cmd}'))).toBe(true);
    if (node === hostNode) expect(Number(result.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });
});
