// The workspace's packages, and those of them that are published (every non-private one).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Lists the workspace's packages: spec/, packages/* and tools/*.
 * @param {string} [cwd] the workspace root
 * @returns {{ name: string, version: string, dir: string, relativeDir: string, manifest: Record<string, any> }[]}
 */
export function workspacePackages(cwd = root) {
  const dirs = [join(cwd, 'spec')];
  for (const parent of ['packages', 'tools']) {
    const parentDir = join(cwd, parent);
    if (!existsSync(parentDir)) continue;
    for (const entry of readdirSync(parentDir, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(join(parentDir, entry.name));
    }
  }
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { name: manifest.name, version: manifest.version, dir, relativeDir: relative(cwd, dir), manifest };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Lists the publishable packages: the workspace's packages that are not private. */
export function publishablePackages(cwd = root) {
  return workspacePackages(cwd).filter((pkg) => !pkg.manifest.private);
}
