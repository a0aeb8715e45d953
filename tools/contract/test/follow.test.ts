// The "Done when": change one rule in (a copy of) the spec and the mock, the client types and
// the docs all follow, with no other edit. Each rule change below is applied to a copy of spec/dist;
// the one generation entry point regenerates every package's files from it into a temp tree and the
// docs site is built from it. The regenerated modules are imported and compared with the committed ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationById, resolvePointer, resolveRef } from '@audit-export/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedJson } from '../src/docs-check.js';
import { type FollowRun, followRuleChange } from '../src/follow.js';
import { packageDir } from '../src/generated-checks.js';
import { createAnswersChange, groupOperatorChange } from '../src/rule-changes.js';
import { type Doc, loadSpecSet } from '../src/spec-set.js';

const repoRoot = join(packageDir('@audit-export/spec'), '..');
const MOCK_FACTS = 'packages/mock/src/generated/spec-facts.gen.ts';
const MOCK_CREATE = 'packages/mock/src/generated/zoho-create.gen.ts';
const CLIENT_AUDIT_QUERY = 'packages/client/src/generated/audit-query.gen.ts';
const CLIENT_ZOHO = 'packages/client/src/generated/zoho.gen.ts';

/** Imports a generated TypeScript module (the committed one, or the regenerated one under `root`). */
const load = async (path: string, root = repoRoot): Promise<Doc> => import(join(root, path));
const count = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].length;

describe('a job-state rule changed in the spec: create may answer PROCESSING, or no longer may', () => {
  let run: FollowRun;
  beforeAll(async () => {
    run = await followRuleChange(createAnswersChange);
  }, 120_000);
  afterAll(() => run?.close());

  it('changes the rule where the spec keeps it', () => {
    expect(run.rule.pointer).toBe('#/components/schemas/JobState/x-transitions');
    expect(run.rule.after).not.toEqual(run.rule.before);
  });

  it('regenerates the mock’s facts and the client’s audit-query module, and nothing of the other APIs', () => {
    expect(run.changed).toEqual(expect.arrayContaining([MOCK_FACTS, CLIENT_AUDIT_QUERY]));
    expect(run.changed.filter((path) => /zoho|audit-resource/.test(path))).toEqual([]);
  });

  it('the mock answers a create with the changed states', async () => {
    const committed = (await load(MOCK_FACTS)).auditQuery;
    const regenerated = (await load(MOCK_FACTS, run.generatedRoot)).auditQuery;
    expect(committed.transitions.createExportJob.to).toEqual(run.rule.before);
    expect(regenerated.transitions.createExportJob.to).toEqual(run.rule.after);
  });

  it('the client’s lifecycle values (typed `as const`) carry the changed states', async () => {
    const lifecycle = (m: Doc) => m.specValues.lifecycles.JobState.operations.createExportJob.to;
    expect(lifecycle(await load(CLIENT_AUDIT_QUERY))).toEqual(run.rule.before);
    expect(lifecycle(await load(CLIENT_AUDIT_QUERY, run.generatedRoot))).toEqual(run.rule.after);
  });

  it('the docs’ lifecycle diagram draws one call edge per declared call transition of the changed spec', () => {
    const html = readFileSync(join(run.siteDir, 'index.html'), 'utf8');
    const svg = html.slice(html.indexOf('<svg class="lifecycle"'), html.indexOf('</svg>'));
    const calls = (doc: Doc) =>
      (resolvePointer(doc, run.rule.pointer) as Doc[]).filter((t) => t.operationId !== undefined).length;
    const drawn = count(svg, /<g class="edge call">/g);
    expect(drawn).toBe(calls(run.set.docs['audit-query']));
    expect(drawn - calls(loadSpecSet().docs['audit-query'])).toBe(run.rule.after.length - run.rule.before.length);
  });
});

describe('a Zoho criteria rule changed in the spec: group_operator accepts "or" again', () => {
  let run: FollowRun;
  /** The spec's own grouped create example, with every group_operator set to `or`. */
  let orBody: unknown;
  beforeAll(async () => {
    run = await followRuleChange(groupOperatorChange);
    const zoho = loadSpecSet().docs.zoho;
    const create = resolveRef(zoho, operationById(zoho, 'createAuditLogExportJob').operation.requestBody);
    const examples = Object.values(create.content['application/json'].examples as Doc).map(
      (e) => resolveRef(zoho, e).value,
    );
    const grouped = examples.find((value) => JSON.stringify(value).includes('"group_operator"'));
    if (!grouped) throw new Error('the Zoho create operation has no grouped example to replay');
    orBody = JSON.parse(JSON.stringify(grouped).replaceAll('"group_operator":"and"', '"group_operator":"or"'));
  }, 120_000);
  afterAll(() => run?.close());

  it('changes the rule where the spec keeps it', () => {
    expect(run.rule.before).not.toContain('or');
    expect(run.rule.after).toContain('or');
  });

  it('regenerates the client’s Zoho types and the mock’s create validator, and nothing of the audit query API', () => {
    expect(run.changed).toEqual(expect.arrayContaining([CLIENT_ZOHO, MOCK_CREATE]));
    expect(run.changed.filter((path) => /audit-query|audit-resource|events/.test(path))).toEqual([]);
  });

  it('the client’s type for group_operator admits "or"', () => {
    const union = /group_operator\??: ("[a-z]+"(?: \| "[a-z]+")*);/;
    const typeIn = (root: string) => union.exec(readFileSync(join(root, CLIENT_ZOHO), 'utf8'))?.[1];
    expect(typeIn(repoRoot)).not.toContain('"or"');
    expect(typeIn(run.generatedRoot)).toBe(run.rule.after.map((v) => JSON.stringify(v)).join(' | '));
  });

  it('the mock’s create validator refused an "or" group and now accepts it', async () => {
    const committed = (await load(MOCK_CREATE)).validateCreateBody;
    const regenerated = (await load(MOCK_CREATE, run.generatedRoot)).validateCreateBody;
    expect(committed(orBody)).toBe(false);
    expect(regenerated(orBody), JSON.stringify(regenerated.errors)).toBe(true);
  });

  it('the docs’ Zoho reference embeds the changed enum', () => {
    const page = readFileSync(join(run.siteDir, 'api', 'zoho.html'), 'utf8');
    const embedded = embeddedJson(page, '__redoc_definition') as Doc;
    expect(resolveRef(embedded, resolvePointer(embedded, run.rule.pointer)).enum).toEqual(run.rule.after);
  });
});
