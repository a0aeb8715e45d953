import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { apiIds, specFormats, specPath } from '../src/index.ts';
import { distDir, specDir } from './helpers.ts';

const outputs = [
  ...apiIds.flatMap((id) => specFormats.map((f) => `${id}.${f}`)),
  'event-catalog.json',
  'event-catalog-entry.schema.json',
];
const tmp = mkdtempSync(join(tmpdir(), 'spec-build-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function buildInto(dir: string): Map<string, Buffer> {
  const run = spawnSync(process.execPath, ['scripts/build.mjs', '--out', dir], {
    cwd: specDir,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  return new Map(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f))]));
}

describe('the build', () => {
  const first = buildInto(join(tmp, 'a'));
  const second = buildInto(join(tmp, 'b'));

  it('writes exactly the contract files', () => {
    expect([...first.keys()].sort()).toEqual([...outputs].sort());
  });

  it.each(outputs)('is byte-reproducible: %s', (name) => {
    expect(first.get(name)?.equals(second.get(name) as Buffer)).toBe(true);
  });

  it.each(outputs)('dist is fresh: %s matches a build of the sources', (name) => {
    expect(readFileSync(join(distDir, name)).equals(first.get(name) as Buffer)).toBe(true);
  });

  it('exports resolve to the dist files', () => {
    for (const id of apiIds) for (const f of specFormats) expect(specPath(id, f)).toBe(join(distDir, `${id}.${f}`));
    expect(() => specPath('nope' as never)).toThrow(TypeError);
  });

  it('keeps the YAML and JSON bundles identical in content', () => {
    for (const id of apiIds)
      expect(parse(String(first.get(`${id}.yaml`)))).toEqual(JSON.parse(String(first.get(`${id}.json`))));
  });
});
