// Package hygiene: what a consumer and a provenance-signed publish rely on, checked on the
// manifest and on the file list of the tarball npm would publish.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Nothing of these belongs in a published tarball.
const forbiddenPaths = [
  /(^|\/)(test|tests|__tests__|fixtures|bench|coverage|test-results)\//,
  /\.(test|spec|bench)\.[cm]?[jt]sx?$/,
  /(^|\/)\.env(\.|$)/,
  /(^|\/)\.npmrc$/,
  /\.(pem|key|p12)$/,
  /\.tsbuildinfo$/,
];
// Secrets that must never ship, whatever the file.
const secretPatterns = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a private key'],
  [/\bnpm_[A-Za-z0-9]{36}\b/, 'an npm token'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key id'],
  [/_authToken\s*=/, 'an npm auth token setting'],
  [/\bgh[pousr]_[A-Za-z0-9]{36}\b/, 'a GitHub token'],
];

/** Returns the key path of every `exports` condition object whose first key is not "types". */
function conditionsWithoutTypesFirst(exportsField, path = 'exports') {
  if (exportsField === null || typeof exportsField !== 'object') return [];
  const keys = Object.keys(exportsField);
  const isConditions = keys.every((key) => !key.startsWith('.'));
  const problems = [];
  if (isConditions && keys.includes('types') && keys[0] !== 'types') problems.push(path);
  if (isConditions && !keys.includes('types') && keys.some((key) => key === 'default' || key === 'import')) {
    const target = exportsField.default ?? exportsField.import;
    if (typeof target === 'string' && /\.[cm]?js$/.test(target)) problems.push(`${path} (no "types")`);
  }
  for (const key of keys) problems.push(...conditionsWithoutTypesFirst(exportsField[key], `${path}["${key}"]`));
  return problems;
}

/** Checks a package manifest for the fields publishing and consumers need. */
export function checkManifest(manifest) {
  const problems = [];
  if (!manifest.name?.startsWith('@audit-export/')) problems.push('name is not in the @audit-export scope');
  if (!/^\d+\.\d+\.\d+/.test(manifest.version ?? '')) problems.push('version is not semver');
  if (!manifest.license) problems.push('no license');
  if (!manifest.repository?.url || !manifest.repository?.directory) {
    problems.push('repository needs url and directory (provenance links the package to its source)');
  }
  if (!manifest.engines?.node) problems.push('no engines.node');
  if (manifest.type !== 'module') problems.push('type is not "module"');
  if (!manifest.exports) problems.push('no exports map');
  for (const path of conditionsWithoutTypesFirst(manifest.exports)) problems.push(`${path}: "types" must come first`);
  if (!Array.isArray(manifest.files) || manifest.files.length === 0) problems.push('no files list');
  if (manifest.publishConfig?.access !== 'public') problems.push('publishConfig.access is not "public"');
  return problems;
}

/** The files npm would put in the package's tarball. */
export function packedFiles(dir) {
  const result = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`npm pack --dry-run failed in ${dir}: ${result.stderr}`);
  const [pack] = JSON.parse(result.stdout);
  return pack.files.map((file) => file.path);
}

/** Checks the tarball's file list and contents: no tests, fixtures, benchmarks or secrets. */
export function checkTarball(dir, files = packedFiles(dir)) {
  const problems = [];
  for (const file of files) {
    if (forbiddenPaths.some((pattern) => pattern.test(file))) problems.push(`${file} should not be published`);
    const text = readFileSync(join(dir, file), 'utf8');
    for (const [pattern, what] of secretPatterns) {
      if (pattern.test(text)) problems.push(`${file} contains ${what}`);
    }
  }
  if (!files.includes('package.json')) problems.push('package.json missing from the tarball');
  if (!files.some((file) => /^README\.md$/i.test(file))) problems.push('README.md missing from the tarball');
  return problems;
}
