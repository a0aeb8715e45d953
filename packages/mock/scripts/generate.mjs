#!/usr/bin/env node
// Generates src/generated/spec-facts.gen.ts: the enums, limits, error codes, messages, CSV columns,
// job lifecycle and scopes the mock needs, read from the bundled OpenAPI documents of
// @audit-export/spec with its reader, so that no enum, state, scope, status code or error text is
// typed twice by hand. Run through the one entry point, tools/generate/generate.mjs (`--check` for freshness).
import { resolveRef as deref, jobLifecycle, loadDocument, queryFilters, operations as walk } from '@audit-export/spec';
import { controlBodiesSource } from './control-bodies.mjs';
import { zohoCreateSource } from './zoho-create.mjs';

/** Every operation of a document by operationId (the operation object, plus its method and resolved parameters). */
function operations(doc) {
  return Object.fromEntries(
    walk(doc).map(({ operationId, method, operation, parameters }) => [
      operationId,
      { ...operation, method, parameters },
    ]),
  );
}

function fail(message) {
  throw new Error(`generate: ${message} (has the spec changed? update scripts/generate.mjs)`);
}

/** The example values of one response of one operation, for a media type. */
function examples(doc, op, status, mediaType = 'application/json') {
  const response = deref(doc, op.responses?.[status]);
  const media = response?.content?.[mediaType];
  if (!media) fail(`${op.operationId} has no ${status} ${mediaType} response`);
  const values = Object.values(media.examples ?? {}).map((e) => {
    const ex = deref(doc, e);
    return ex.value;
  });
  if (media.example !== undefined) values.push(media.example);
  return values.filter((v) => v !== undefined);
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The message of an operation's first example for a status, with the job id as `{jobId}`. */
function message(doc, op, status) {
  const value = examples(doc, op, status)[0];
  if (typeof value?.message !== 'string') fail(`${op.operationId} ${status} example has no message`);
  return value.message.replace(UUID, '{jobId}');
}

/**
 * The error bodies the spec declares for 5xx answers, by status: `error` (the reason phrase) and
 * `message` when the example has one. Every operation must agree on a status's example.
 */
function serverErrors(doc, ops) {
  const found = {};
  for (const op of Object.values(ops)) {
    for (const status of Object.keys(op.responses ?? {})) {
      if (!/^5\d\d$/.test(status)) continue;
      const value = examples(doc, op, status)[0];
      if (typeof value?.error !== 'string') fail(`${op.operationId} ${status} example has no error`);
      const entry = { error: value.error, ...(typeof value.message === 'string' ? { message: value.message } : {}) };
      const known = found[status];
      if (known && JSON.stringify(known) !== JSON.stringify(entry))
        fail(`the ${status} examples of the operations disagree`);
      found[status] = entry;
    }
  }
  return Object.fromEntries(Object.entries(found).sort(([a], [b]) => a.localeCompare(b)));
}

function auditQueryFacts(load) {
  const doc = load('audit-query');
  const ops = operations(doc);
  const need = (id) => ops[id] ?? fail(`operation ${id} missing`);
  const create = need('createExportJob');
  const result = need('getExportJobResult');
  const unauthorized = deref(doc, create.responses['401']);
  const www = deref(doc, unauthorized.headers?.['WWW-Authenticate']);
  const resultTypes = Object.keys(deref(doc, result.responses['200']).content ?? {});
  const lifecycle = jobLifecycle(doc, 'JobState');
  return {
    jobStates: lifecycle.states,
    terminalStates: lifecycle.terminal,
    activeStates: lifecycle.active,
    transitions: lifecycle.operations,
    // The time forms the spec accepts (AuditDateTime's branches): the mock accepts no others.
    timePatterns: (deref(doc, doc.components.schemas.AuditDateTime)?.anyOf ?? fail('AuditDateTime has no anyOf')).map(
      (branch) => deref(doc, branch)?.pattern ?? fail('an AuditDateTime branch has no pattern'),
    ),
    defaultResultLimit:
      deref(doc, doc.components.schemas.ExportParams)?.properties?.limit?.default ??
      fail('ExportParams.limit has no default'),
    auditRole: {
      name: doc.components.securitySchemes?.medalliaOpenId?.['x-required-role'] ?? fail('x-required-role missing'),
      ids:
        doc.components.securitySchemes?.medalliaOpenId?.['x-required-role-ids'] ?? fail('x-required-role-ids missing'),
    },
    filters: createFilters(doc),
    retentionDays: create['x-retention-days'] ?? fail('x-retention-days missing on createExportJob'),
    rateLimit: create['x-rate-limit'] ?? fail('x-rate-limit missing on createExportJob'),
    resultMediaType: resultTypes[0] ?? fail('result has no media type'),
    wwwAuthenticate: www?.example ?? www?.schema?.example ?? 'Bearer realm="audit-query-service"',
    serverErrors: serverErrors(doc, ops),
    messages: {
      unauthorized: message(doc, create, '401'),
      forbidden: message(doc, create, '403'),
      missingParameter: message(doc, create, '400').replace(/'tenantId'/, "'{name}'"),
      jobNotFound: message(doc, need('deleteExportJob'), '404'),
      resultNotCompleted: message(doc, result, '400'),
      cancelNotPending: message(doc, need('cancelExportJob'), '400'),
      resumeNotResumable: message(doc, need('resumeExportJob'), '400'),
      deleteActive: message(doc, need('deleteExportJob'), '400'),
    },
  };
}

/**
 * The create operation's filters (`x-filter`, decision D20), in parameter order: the event field each
 * compares, its match rule and its parameter(s). The mock parses, matches and echoes filters from these.
 */
function createFilters(doc) {
  const fields = Object.keys(deref(doc, doc.components.schemas.AuditEvent)?.properties ?? {});
  return queryFilters(doc, 'createExportJob').map(({ description, ...filter }) =>
    fields.includes(filter.field) ? filter : fail(`x-filter field ${filter.field} is not an AuditEvent property`),
  );
}

function zohoFacts(load) {
  const doc = load('zoho');
  const ops = operations(doc);
  const errors = {};
  for (const op of Object.values(ops)) {
    for (const status of Object.keys(op.responses ?? {})) {
      if (!/^[45]\d\d$/.test(status)) continue;
      for (const value of examples(doc, op, status)) {
        if (value?.status === 'error' && typeof value.code === 'string') {
          const known = errors[value.code];
          if (known && known.status !== Number(status))
            fail(`${value.code} is answered with ${known.status} and ${status}`);
          errors[value.code] = { status: Number(status), message: value.message };
        }
      }
    }
  }
  const sorted = Object.fromEntries(Object.entries(errors).sort(([a], [b]) => a.localeCompare(b)));
  const created = examples(doc, ops.createAuditLogExportJob ?? fail('createAuditLogExportJob missing'), '201')[0]
    ?.audit_log_export?.[0];
  const csv = examples(
    doc,
    ops.downloadAuditLogExportFile ?? fail('downloadAuditLogExportFile missing'),
    '200',
    'text/csv',
  )[0];
  if (typeof csv !== 'string' || csv.split('\n')[0].includes('"'))
    fail('the CSV example must start with an unquoted header row');
  // Each security alternative (OAuth header or token) asks for the same scopes: the union, once each.
  const scopes = Object.fromEntries(
    Object.entries(ops).map(([id, op]) => [
      id,
      [...new Set((op.security ?? doc.security ?? []).flatMap((s) => Object.values(s).flat()))],
    ]),
  );
  return {
    statuses: deref(doc, doc.components.schemas.ExportStatus).enum ?? fail('ExportStatus has no enum'),
    scopes,
    errors: sorted,
    created: { code: created?.code ?? fail('create example has no code'), message: created.message },
    csvHeader: csv.split(/\r?\n/)[0].split(','),
    // Decision Z9: the entries limit of an export and of one CSV file.
    maxEntries: linksSchema(doc)['x-max-entries'] ?? fail('download_links has no x-max-entries'),
    entriesPerFile: linksSchema(doc)['x-entries-per-file'] ?? fail('download_links has no x-entries-per-file'),
  };
}

/** The schema of a Zoho job's `download_links`, which carries the export's entry limits. */
function linksSchema(doc) {
  return (
    deref(doc, doc.components.schemas.AuditLogExportJob)?.properties?.download_links ??
    fail('AuditLogExportJob has no download_links')
  );
}

function auditResourceFacts(load) {
  const doc = load('audit-resource');
  const op = operations(doc).getAuditLog ?? fail('getAuditLog missing');
  const param = (name) =>
    deref(
      doc,
      op.parameters.find((p) => p.name === name),
    );
  const audit = deref(doc, doc.components.schemas.Audit);
  const result = deref(doc, doc.components.schemas.AuditResult);
  const unauthorized = deref(doc, op.responses['401']);
  return {
    actions: deref(doc, param('action')?.schema)?.enum ?? fail('action has no enum'),
    resultCodes: deref(doc, param('resultCode')?.schema)?.enum ?? fail('resultCode has no enum'),
    fields: Object.keys(audit.properties ?? {}),
    xmlRoot: result.xml?.name ?? 'auditResult',
    xmlItem: audit.xml?.name ?? 'audit',
    mediaTypes: Object.keys(deref(doc, op.responses['200']).content ?? {}),
    unauthorized: examples(doc, op, '401', 'text/plain')[0] ?? 'Unauthorized',
    wwwAuthenticate: deref(doc, unauthorized.headers?.['WWW-Authenticate'])?.example ?? 'Basic realm="audit"',
  };
}

/** `{ 'src/generated/spec-facts.gen.ts': text }`, read from `specDir` (default: the spec package's dist). */
export async function generate({ specDir } = {}) {
  const load = (id) => (specDir ? loadDocument(id, specDir) : loadDocument(id));
  const facts = { auditQuery: auditQueryFacts(load), zoho: zohoFacts(load), auditResource: auditResourceFacts(load) };
  const text = `// Generated by packages/mock/scripts/generate.mjs from @audit-export/spec (spec/dist/*.json). Do not edit: run \`pnpm generate\`.
${Object.entries(facts)
  .map(
    ([name, value]) =>
      `\n/** Facts of the ${name} document the mock follows. */\nexport const ${name} = ${JSON.stringify(value, null, 2)} as const;\n`,
  )
  .join('')}`;
  const zoho = load('zoho');
  return {
    'src/generated/spec-facts.gen.ts': text,
    // The create body's validator and its vendor-code mapping (scripts/zoho-create.mjs).
    'src/generated/zoho-create.gen.ts': await zohoCreateSource(zoho, operations(zoho).createAuditLogExportJob),
    // The control API's body validator, types and rules, from its own document (scripts/control-bodies.mjs).
    'src/generated/control-bodies.gen.ts': await controlBodiesSource(),
  };
}
