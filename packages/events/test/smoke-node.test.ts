import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allRuntimes } from '@audit-export/testkit';
import { afterAll, describe, expect, it } from 'vitest';
import { specExampleLines, specJsonlExamples } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'events-smoke-'));
const data = join(dir, 'events.jsonl');
writeFileSync(data, specJsonlExamples().join('\n'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('the built package (dist/) under Node, Bun and Deno', () => {
  it('is built', () => {
    expect(existsSync(join(packageDir, 'dist', 'index.js')), 'run the build first (turbo runs it before test)').toBe(
      true,
    );
  });

  it.each(allRuntimes())('parses, validates, formats and round-trips under $name', ({ name, command: node, args }) => {
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
    // Both Nodes (the machine's and the pinned one) are ones the package supports.
    if (name.includes('Node')) expect(Number(result.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });
});
