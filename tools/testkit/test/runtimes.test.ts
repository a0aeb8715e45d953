import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { otherRuntimes } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'runtimes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = join(dir, 'hello.mjs');
writeFileSync(script, 'console.log(JSON.stringify({ fetch: typeof fetch, stream: typeof ReadableStream }));\n');

describe('otherRuntimes', () => {
  it.each(otherRuntimes().map((runtime) => [runtime.name, runtime] as const))(
    'runs a script under %s',
    (_, runtime) => {
      const out = execFileSync(runtime.command, [...runtime.args, script], { encoding: 'utf8', timeout: 30_000 });
      expect(JSON.parse(out)).toEqual({ fetch: 'function', stream: 'function' });
    },
    // A runtime's first start in a fresh clone compiles and caches; beside the other suites that takes seconds.
    60_000,
  );
});
