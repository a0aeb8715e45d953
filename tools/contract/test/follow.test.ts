// The "Done when": change one rule in (a copy of) the spec and the mock, the client types and
// the docs all follow, with no other edit. Each rule change below is applied to a copy of spec/dist;
// the one generation entry point regenerates every package's files from it into a temp tree and the
// docs site is built from it. The regenerated modules are imported and compared with the committed ones.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { operationById, resolvePointer, resolveRef } from '@audit-export/spec';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocsSite, embeddedJson } from '../src/docs-check.js';
import { type FollowRun, followRuleChange } from '../src/follow.js';
import { packageDir } from '../src/generated-checks.js';
import { ADDED_FILTER, addFilterChange, createAnswersChange, groupOperatorChange } from '../src/rule-changes.js';
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

describe('a filter parameter added to the spec: create filters by the event name (f.name)', () => {
  let run: FollowRun;
  /** The mock, run from its own sources with the regenerated files in place. */
  let mock: { url: string; close(): Promise<void>; expectedEvents(jobId: string): Doc[] };
  /** The client module, the same way; and the committed one, for the before. */
  let regenerated: Doc;
  let committed: Doc;
  /** Every URL the clients sent. */
  const sent: URL[] = [];
  /** The event name filtered on: a catalog event, as lines carry it. */
  let name: string;
  /** Fresh dev credentials of the mock for tenant `acme`. */
  let credentials: () => Doc;
  const window = { tenantId: 'acme', startTime: new Date(Date.now() - 86_400_000), endTime: new Date() };

  const clientOf = (module: Doc, credentials: Doc) =>
    module.createAuditQueryClient({
      baseUrl: `${mock.url}/audit-query-service`,
      auth: { accessToken: credentials.accessToken, apiToken: credentials.idToken },
      polling: { minDelayMs: 10, maxDelayMs: 50 },
      fetch: (request: Request) => {
        sent.push(new URL(request.url));
        return fetch(request);
      },
    });

  beforeAll(async () => {
    run = await followRuleChange(addFilterChange);
    const mockModule = await import(join(run.packageCopy('@audit-export/mock'), 'src', 'index.ts'));
    regenerated = await import(join(run.packageCopy('@audit-export/client'), 'src', 'audit-query.ts'));
    committed = await import('@audit-export/client/audit-query');
    mock = await mockModule.createMockServer({ seed: 11, config: { auditQuery: { pendingMs: 0, processingMs: 0 } } });
    name = run.set.catalog[0]?.lineName as string;
    credentials = () => mockModule.mintDevToken({ tenant: 'acme' });
  }, 180_000);
  afterAll(async () => {
    await mock?.close();
    run?.close();
  });

  it('adds the parameter where the spec keeps the create filters', () => {
    expect(run.rule.pointer).toBe('#/paths/~1v2~1export/get/parameters');
    expect(run.rule.after).toEqual([...run.rule.before, ADDED_FILTER.parameter]);
  });

  it('regenerates the client’s and the mock’s audit-query modules, and nothing of the other APIs', () => {
    expect(run.changed).toEqual(expect.arrayContaining([MOCK_FACTS, CLIENT_AUDIT_QUERY]));
    expect(run.changed.filter((path) => /zoho|audit-resource/.test(path))).toEqual([]);
  });

  it('the client’s createExport sends it in the query string; the committed client dropped it', async () => {
    const options = { ...window, [ADDED_FILTER.field]: name };
    sent.length = 0;
    await clientOf(regenerated, credentials()).createExport(options);
    await clientOf(committed, credentials()).createExport(options);
    const creates = sent.filter((url) => url.pathname.endsWith('/v2/export'));
    expect(creates.map((url) => url.searchParams.get(ADDED_FILTER.parameter))).toEqual([name, null]);
  });

  it('the mock’s result holds exactly the events of that name, fewer than the whole window', async () => {
    const client = clientOf(regenerated, credentials());
    sent.length = 0;
    const events: Doc[] = [];
    for await (const event of client.exportEvents({ ...window, [ADDED_FILTER.field]: name })) events.push(event);
    const jobId = sent
      .find((url) => url.pathname.includes('/v2/export/result/'))
      ?.pathname.split('/')
      .pop() as string;
    const whole = await client.createExport(window);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.name === name)).toBe(true);
    expect(events.map((event) => event.eventId)).toEqual(mock.expectedEvents(jobId).map((event) => event.eventId));
    expect(
      mock
        .expectedEvents(whole.jobId)
        .filter((event) => event.name === name)
        .map((event) => event.eventId),
    ).toEqual(events.map((event) => event.eventId));
    expect(mock.expectedEvents(whole.jobId).length).toBeGreaterThan(events.length);
    const status = await client.getJob(jobId);
    expect(JSON.parse(status.params)[ADDED_FILTER.field]).toBe(name);
  });

  it('the docs’ filter table lists it, and the reference embeds it with its x-filter', () => {
    const outcome = checkDocsSite(run.set, run.siteDir);
    expect(outcome.problems).toEqual([]);
    const index = readFileSync(join(run.siteDir, 'index.html'), 'utf8');
    expect(index).toContain(`<code class="filter-parameter">${ADDED_FILTER.parameter}</code>`);
    expect(readFileSync(join(repoRoot, 'packages/docs/dist/site/index.html'), 'utf8')).not.toContain(
      `<code class="filter-parameter">${ADDED_FILTER.parameter}</code>`,
    );
    const embedded = embeddedJson(
      readFileSync(join(run.siteDir, 'api', 'audit-query.html'), 'utf8'),
      '__redoc_definition',
    ) as Doc;
    const parameters = (resolvePointer(embedded, run.rule.pointer) as Doc[]).map((p) => resolveRef(embedded, p));
    expect(parameters.find((p) => p.name === ADDED_FILTER.parameter)?.['x-filter']).toEqual({
      field: ADDED_FILTER.field,
      match: 'exact',
    });
  });
});
