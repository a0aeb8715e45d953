// The one place that runs `redocly diff` (experimental in Redocly CLI 2.77) and reads its output:
// its JSON report format, its rule ids and its impacts are known here and nowhere else. Every
// caller (the changeset check, the release dry run, the docs' changes pages, the tests) gets
// `Rating`s from `rateDocuments`. The rule set is the spec's own `spec/redocly.yaml`
// (`diff-recommended` plus our `diff:` section); what Redocly cannot see, our contract extensions
// (`x-event-catalog`, `x-transitions`), is rated by `extensionChanges`.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { extensionChanges } from './extension-rules.mjs';
import { highestBump } from './semver.mjs';
import { root } from './workspace.mjs';

const run = promisify(execFile);
const require = createRequire(import.meta.url);

/** The Redocly CLI whose `diff` this module reads (its version is pinned by a test). */
export const redoclyCli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');

/** The version of that CLI. */
export const redoclyVersion = JSON.parse(readFileSync(join(dirname(redoclyCli), '..', 'package.json'), 'utf8')).version;

/** The JSON report version this module reads (`reportVersion` of `redocly diff --format json`). */
const REPORT_VERSION = '1';

/** Redocly's rules whose major change alters the query kit's generated surface (factory names, paths, error statuses). */
export const operationSurfaceRules = new Set([
  'operation-removed',
  'path-removed',
  'operation-id-changed',
  'response-removed',
]);

const env = {
  ...process.env,
  REDOCLY_TELEMETRY: 'off',
  REDOCLY_SUPPRESS_NOTIFICATIONS: 'true',
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  NO_COLOR: '1',
};

/** Runs the Redocly CLI; its stderr is the message when it fails. */
async function redocly(args, cwd) {
  try {
    return (await run(process.execPath, [redoclyCli, ...args], { cwd, env, maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (error) {
    throw new Error(`redocly ${args[0]} failed: ${(error.stderr || error.message).trim()}`);
  }
}

/** The path of an OpenAPI pointer's `#/paths/<path>/<method>` part, or undefined outside an operation. */
function operationOf(pointer, docs) {
  const match = /^#\/paths\/([^/]+)\/(get|put|post|delete|options|head|patch|trace)(?:\/|$)/.exec(pointer);
  if (!match) return undefined;
  const path = match[1].replaceAll('~1', '/').replaceAll('~0', '~');
  const method = match[2];
  const operationId = docs.map((doc) => doc.paths?.[path]?.[method]?.operationId).find(Boolean);
  return { method: method.toUpperCase(), path, operationId };
}

/** Follows a local `$ref` of a bundled document (`#/components/parameters/X`). */
function follow(doc, node) {
  if (typeof node?.$ref !== 'string' || !node.$ref.startsWith('#/')) return node;
  return node.$ref
    .slice(2)
    .split('/')
    .reduce((at, key) => at?.[key.replaceAll('~1', '/').replaceAll('~0', '~')], doc);
}

/** The pointer with an operation's `parameters/<n>` named after the parameter (`parameters/5` → `parameters/f.username`). */
function nameParameters(pointer, operation, docs) {
  if (!operation) return pointer;
  return pointer.replace(
    /(\/(get|put|post|delete|options|head|patch|trace)\/parameters\/)(\d+)/,
    (whole, prefix, _method, index) => {
      for (const doc of docs) {
        const name = follow(
          doc,
          doc.paths?.[operation.path]?.[operation.method.toLowerCase()]?.parameters?.[index],
        )?.name;
        if (typeof name === 'string') return `${prefix}${name}`;
      }
      return whole;
    },
  );
}

/** A change no rule judged, in words: the property changed, or the part added or removed. */
function describeUnjudged(change) {
  return change.kind === 'modified'
    ? `\`${change.property}\` changed.`
    : `${change.kind === 'added' ? 'Added' : 'Removed'}.`;
}

/**
 * Our verdict on a change no Redocly rule judged, where Redocly's default (patch for anything but an
 * addition) would under-rate it: a value added to an enum that only requests carry (a new capability, a
 * minor; the response side is Redocly's `enum-values-added`).
 */
function ownVerdict(change) {
  if (change.kind !== 'modified' || change.property !== 'enum') return undefined;
  const [before, after] = [change.base?.value, change.revision?.value];
  if (!Array.isArray(before) || !Array.isArray(after)) return undefined;
  const gained = after.filter((value) => !before.some((old) => JSON.stringify(old) === JSON.stringify(value)));
  if (gained.length === 0) return undefined;
  return {
    impact: 'minor',
    rule: 'enum-values-widened',
    message: `Enum gained values: ${gained.map((value) => `'${value}'`).join(', ')}.`,
  };
}

/**
 * Turns Redocly's JSON report into our changes: one per verdict (a rule that judged the change),
 * or one for a change no rule judged (Redocly then rates an addition minor, anything else patch).
 */
export function readReport(report, { docs, locate }) {
  if (report.reportVersion !== REPORT_VERSION) {
    throw new Error(
      `redocly diff answered report version ${report.reportVersion}, this module reads ${REPORT_VERSION}: check tools/release/src/spec-diff.mjs against Redocly CLI ${redoclyVersion}.`,
    );
  }
  const changes = [];
  for (const change of report.changes) {
    // The version itself is judged by the release check, not rated as a change.
    if (change.path === '#/info' && change.property === 'version') continue;
    const operation = operationOf(change.path, docs);
    const path = nameParameters(change.path, operation, docs);
    const pointer = change.kind === 'modified' ? `${path}/${change.property}` : path;
    const side = change.revision ?? change.base;
    const fallback = side ? locate(side.file, side.pointer) : undefined;
    if (change.verdicts.length === 0) {
      const judged = ownVerdict(change) ?? {
        impact: change.impact,
        rule: undefined,
        message: describeUnjudged(change),
      };
      changes.push({ ...judged, kind: change.kind, operation, pointer, location: fallback });
      continue;
    }
    for (const verdict of change.verdicts) {
      changes.push({
        impact: verdict.impact,
        kind: change.kind,
        rule: verdict.ruleId,
        message: verdict.message,
        operation,
        pointer,
        location: verdict.location ? locate(verdict.location.file, verdict.location.pointer) : fallback,
      });
    }
  }
  return changes;
}

/**
 * Rates the changes from `base` to `revision` (two root documents: source YAML, or JSON bundles).
 * `locate(file, pointer)` turns a file Redocly names into what a maintainer reads (default: its
 * path from the repository root). `config` is the Redocly config holding the rule set.
 * @returns {Promise<import('./spec-diff.d.mts').Rating>}
 */
export async function rateDocuments({ api, base, revision, config = join(root, 'spec', 'redocly.yaml'), locate }) {
  const scratch = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  try {
    // A JSON input is a bundle already (spec/dist); a YAML root is bundled to read its extensions.
    const bundle = async (file, name) => {
      if (file.endsWith('.json')) return JSON.parse(readFileSync(file, 'utf8'));
      const out = join(scratch, `${name}.json`);
      await redocly(['bundle', resolve(file), '--config', config, '--ext', 'json', '-o', out], scratch);
      return JSON.parse(readFileSync(out, 'utf8'));
    };
    const [report, baseDoc, revisionDoc] = await Promise.all([
      redocly(
        ['diff', resolve(base), resolve(revision), '--config', config, '--format', 'json', '--fail-on', 'none'],
        scratch,
      ).then((stdout) => JSON.parse(stdout)),
      bundle(base, 'base'),
      bundle(revision, 'revision'),
    ]);
    const where = locate ?? ((file, pointer) => `${relative(root, file)}${pointer}`);
    const changes = [
      ...readReport(report, {
        docs: [revisionDoc, baseDoc],
        locate: (file, pointer) => where(resolve(scratch, file), pointer),
      }),
      ...extensionChanges(baseDoc, revisionDoc),
    ];
    return {
      api,
      versions: { base: report.infoVersions.base, revision: report.infoVersions.revision },
      impact: highestBump(changes.map((change) => change.impact)),
      changes,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** One change on one line: where (operation, pointer), what (message), which rule, at which file. */
export function formatChange(change) {
  const where = change.operation
    ? `${change.operation.operationId ?? '(no operationId)'} (${change.operation.method} ${change.operation.path})`
    : 'document';
  const pointer = change.operation ? change.pointer.replace(/^#\/paths\/[^/]+\/[a-z]+\/?/, '') : change.pointer;
  const rule = change.rule ? ` [${change.rule}]` : '';
  return `${where} ${pointer || '(the operation)'}: ${change.message}${rule}${change.location ? ` at ${change.location}` : ''}`;
}
