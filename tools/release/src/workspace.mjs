// The workspace's publishable packages: every non-private package under spec/ and packages/.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Lists the publishable packages of a workspace.
 * @param {string} [cwd] the workspace root
 * @returns {{ name: string, version: string, dir: string, relativeDir: string, manifest: Record<string, any> }[]}
 */
export function publishablePackages(cwd = root) {
  const dirs = [join(cwd, 'spec')];
  const packagesDir = join(cwd, 'packages');
  if (existsSync(packagesDir)) {
    for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(join(packagesDir, entry.name));
    }
  }
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, version: manifest.version, dir, relativeDir: relative(cwd, dir), manifest };
    })
    .filter((pkg) => !pkg.manifest.private)
    .sort((a, b) => a.name.localeCompare(b.name));
}
