import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DocsBuildError } from './errors.js';
import type { NavLink } from './html.js';

const run = promisify(execFile);

/** A published workspace package and the source files of its entry points. */
export interface PublishedPackage {
  name: string;
  description: string;
  dir: string;
  /** Short folder name in the site, e.g. `client` for @audit-export/client. */
  slug: string;
  /** src/*.ts files behind the package's exports; empty when the package has no source yet. */
  entryPoints: string[];
}

/**
 * Finds the entry points of a package from its exports map: `./dist/x.d.ts` (or `.js`) comes from
 * `src/x.ts`. A package without an exports map falls back to `src/index.ts`.
 */
export function entryPointsOf(dir: string, manifest: { exports?: unknown }): string[] {
  const targets = new Set<string>();
  const collect = (value: unknown) => {
    if (typeof value === 'string') targets.add(value);
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) collect(inner);
  };
  collect(manifest.exports ?? './dist/index.js');
  const sources = new Set<string>();
  for (const target of targets) {
    const stem = /^\.\/dist\/(.+?)\.(?:d\.ts|js)$/.exec(target)?.[1];
    if (stem === undefined) continue;
    const source = join(dir, 'src', `${stem}.ts`);
    if (existsSync(source)) sources.add(source);
  }
  return [...sources].sort();
}

/** Reads the workspace's published (non-private) packages among `dirs`, with their entry points. */
export function findPublishedPackages(dirs: readonly string[]): PublishedPackage[] {
  const found: PublishedPackage[] = [];
  for (const dir of dirs) {
    const manifestFile = join(dir, 'package.json');
    if (!existsSync(manifestFile)) continue;
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as {
      name?: string;
      private?: boolean;
      description?: string;
      exports?: unknown;
    };
    if (manifest.private || !manifest.name?.startsWith('@audit-export/')) continue;
    found.push({
      name: manifest.name,
      description: manifest.description ?? '',
      dir,
      slug: manifest.name.slice('@audit-export/'.length),
      entryPoints: entryPointsOf(dir, manifest),
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Runs TypeDoc for one package into `out` (`packages/<slug>/` of the site), its pages carrying the
 * site's icon and header with `nav`. Type errors are the package's own typecheck's business
 * (`--skipErrorChecking`), so a package mid-change still gets its reference built.
 */
export async function buildTypedoc(pkg: PublishedPackage, out: string, nav: readonly NavLink[]): Promise<void> {
  const require = createRequire(import.meta.url);
  const typedoc = join(dirname(require.resolve('typedoc/package.json')), 'bin', 'typedoc');
  const tsconfig = ['tsconfig.build.json', 'tsconfig.json'].map((name) => join(pkg.dir, name)).find(existsSync);
  const args = [
    typedoc,
    ...pkg.entryPoints.flatMap((entry) => ['--entryPoints', entry]),
    '--out',
    out,
    '--name',
    pkg.name,
    '--readme',
    existsSync(join(pkg.dir, 'README.md')) ? join(pkg.dir, 'README.md') : 'none',
    '--skipErrorChecking',
    '--disableSources',
    '--hideGenerator',
    '--plugin',
    fileURLToPath(new URL('./typedoc-site-chrome.js', import.meta.url)),
    '--siteNav',
    JSON.stringify(nav),
    '--logLevel',
    'Error',
    ...(tsconfig ? ['--tsconfig', tsconfig] : []),
  ];
  try {
    await run(process.execPath, args, { cwd: pkg.dir, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new DocsBuildError(
      'TYPEDOC_FAILED',
      `TypeDoc failed for ${pkg.name}:\n${(stderr || stdout || String(error)).trim()}`,
      { package: pkg.name },
    );
  }
}
