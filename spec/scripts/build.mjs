#!/usr/bin/env node
// Builds the contract: for each API, `dist/<id>.yaml` and `dist/<id>.json` (bundled, internal
// $refs kept), `dist/<id>.deref.json` (dereferenced; recursive refs stay $refs), plus
// `dist/event-catalog.json` and `dist/event-catalog-entry.schema.json`.
// Output is byte-reproducible: no timestamps, key order as in the sources.
// Runs after `tsc` (see package.json): it dereferences with the package's own reader (dist/reader.js).
// Usage: node scripts/build.mjs [--out <dir>]   (default: dist/)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { parse, stringify } from 'yaml';
import { apiIds } from '../dist/ids.js';
import { dereference } from '../dist/reader.js';

const specDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Finds @redocly/cli's entry point in the nearest node_modules (or $REDOCLY_CLI). */
function redoclyCli() {
  if (process.env.REDOCLY_CLI) return process.env.REDOCLY_CLI;
  for (let dir = specDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('@redocly/cli not found; run the workspace install');
  }
}

/** Bundles one API with Redocly (external files become components; internal $refs kept). */
function bundle(id, tmp) {
  const out = join(tmp, `${id}.json`);
  execFileSync(process.execPath, [redoclyCli(), 'bundle', id, '--output', out, '--ext', 'json'], {
    cwd: specDir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
  });
  return JSON.parse(readFileSync(out, 'utf8'));
}

/** Redocly inlines $refs inside extensions; point `x-jsonl-item-schema` back at its component. */
function relinkJsonlItemSchemas(doc) {
  const schemas = doc.components?.schemas ?? {};
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'x-jsonl-item-schema' && value && !('$ref' in value)) {
        const name = Object.keys(schemas).find((n) => isDeepStrictEqual(schemas[n], value));
        if (!name) throw new Error('x-jsonl-item-schema does not match a component schema');
        node[key] = { $ref: `#/components/schemas/${name}` };
      } else visit(value);
    }
  };
  visit(doc.paths);
  return doc;
}

const json = (value) => `${JSON.stringify(value, null, 2)}\n`;
const yaml = (value) => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });

export function build(outDir = join(specDir, 'dist')) {
  const tmp = mkdtempSync(join(tmpdir(), 'spec-build-'));
  const files = {};
  try {
    for (const id of apiIds) {
      const doc = relinkJsonlItemSchemas(bundle(id, tmp));
      files[`${id}.json`] = json(doc);
      files[`${id}.yaml`] = yaml(doc);
      files[`${id}.deref.json`] = json(dereference(doc));
      if (id === 'audit-query') files['event-catalog.json'] = json(doc['x-event-catalog']);
    }
    const entrySchema = parse(readFileSync(join(specDir, 'apis/audit-query/events/catalog-entry.schema.yaml'), 'utf8'));
    files['event-catalog-entry.schema.json'] = json(entrySchema);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  mkdirSync(outDir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outDir, name), text);
  return files;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const outDir = i > 0 ? resolve(process.argv[i + 1]) : join(specDir, 'dist');
  const files = build(outDir);
  console.log(`spec: wrote ${Object.keys(files).length} files to ${outDir}`);
}
