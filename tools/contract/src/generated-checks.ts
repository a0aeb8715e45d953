/**
 * Point 2 (client types fresh) and the schema half of point 4, by re-running the generators the
 * client and events packages own and test themselves (their `scripts/generate.mjs`), pointed at a
 * SpecSet: the committed generated files must be what that spec generates. Nothing is re-implemented.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type CheckResult, ContractCheckError, result } from './check.js';
import { API_IDS, type SpecSet } from './spec-set.js';

/** A workspace package's root directory (found through node_modules: not every package exports ./package.json). */
export function packageDir(name: string): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir)
      throw new ContractCheckError('packages', `${name} is not installed: add it to devDependencies`);
  }
}

interface ClientGenerator {
  generate(id: string): Promise<string>;
  outputPath(id: string): string;
}

/** The events package's src/generated (types, catalog, compiled validator) equals a generation from `set`. */
export async function checkEventsGenerated(set: SpecSet): Promise<CheckResult> {
  const dir = packageDir('@audit-export/events');
  const out = mkdtempSync(join(tmpdir(), 'contract-events-gen-'));
  try {
    // In a child process whose cwd is the events package: esbuild writes a cwd-relative path into
    // validate.gen.ts, and a test worker cannot chdir.
    const script = `const g = await import(${JSON.stringify(pathToFileURL(join(dir, 'scripts', 'generate.mjs')).href)});
      const files = await g.generate({ outDir: ${JSON.stringify(out)}, specDir: ${JSON.stringify(set.dir)} });
      process.stdout.write(JSON.stringify(files));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.status !== 0) {
      const reason = run.stderr.split('\n').find((l) => /Error/.test(l)) ?? run.stderr.slice(0, 300);
      return result('events.generated-from-spec', [`generation from ${set.dir} fails: ${reason}`]);
    }
    const problems: string[] = [];
    for (const file of JSON.parse(run.stdout) as string[]) {
      const committed = readFileSync(join(dir, 'src', 'generated', file), 'utf8');
      if (committed !== readFileSync(join(out, file), 'utf8'))
        problems.push(
          `packages/events/src/generated/${file} is not what the spec generates (run its \`pnpm generate\`)`,
        );
    }
    return result('events.generated-from-spec', problems);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The client's src/generated/<api>.gen.ts (openapi-typescript types + spec values) equal a generation from `set`. */
export async function checkClientGenerated(set: SpecSet): Promise<CheckResult> {
  const dir = packageDir('@audit-export/client');
  const generator = (await import(pathToFileURL(join(dir, 'scripts', 'generate.mjs')).href)) as ClientGenerator;
  const problems: string[] = [];
  // The client's generator reads AUDIT_EXPORT_SPEC_DIR at call time; restore it whatever happens.
  const previous = process.env.AUDIT_EXPORT_SPEC_DIR;
  process.env.AUDIT_EXPORT_SPEC_DIR = set.dir;
  try {
    for (const id of API_IDS) {
      const fresh = await generator.generate(id);
      if (readFileSync(generator.outputPath(id), 'utf8') !== fresh)
        problems.push(
          `packages/client/src/generated/${id}.gen.ts is not what the spec generates (run its \`pnpm generate\`)`,
        );
    }
  } finally {
    if (previous === undefined) delete process.env.AUDIT_EXPORT_SPEC_DIR;
    else process.env.AUDIT_EXPORT_SPEC_DIR = previous;
  }
  return result('client.generated-from-spec', problems);
}
