#!/usr/bin/env node
// Generates src/generated/<api>.gen.ts from the bundled spec documents (spec/dist/<api>.json):
// openapi-typescript's `paths`/`components` types, plus the few runtime values the client needs
// from the spec (enum values, string patterns, servers, job lifecycles), so none of them is written
// twice by hand. Run through the one entry point, tools/generate/generate.mjs (`--check` for freshness).
import { apiIds, describeFilterMatch, jobLifecycle, loadDocument, operations, queryFilters } from '@audit-export/spec';
import openapiTS, { astToString } from 'openapi-typescript';

/** Collects `{schemaName: pattern}` for every component schema with a string pattern (sorted for stable output). */
function collectPatterns(document) {
  const out = {};
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas).sort()) {
    if (typeof schemas[name]?.pattern === 'string') out[name] = schemas[name].pattern;
  }
  return out;
}

/** Collects `{schemaName: [values]}` for every component schema that is a plain enum. */
function collectEnums(document) {
  const out = {};
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas).sort()) {
    if (Array.isArray(schemas[name]?.enum)) out[name] = schemas[name].enum;
  }
  return out;
}

/** `{schemaName: lifecycle}` for every component schema with `x-transitions` (terminal, active, per operation). */
function collectLifecycles(document) {
  const out = {};
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas).sort()) {
    if (!Array.isArray(schemas[name]?.['x-transitions'])) continue;
    const { terminal, active, operations } = jobLifecycle(document, name);
    out[name] = { terminal, active, operations };
  }
  return out;
}

/** `{operationId: [{url, variables: {name: [allowed values]}}]}` for operations with servers of their own (Zoho's download hosts). */
function collectOperationServers(document) {
  const out = {};
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(pathItem ?? {})) {
      const servers = operation?.servers ?? pathItem.servers;
      if (typeof operation?.operationId !== 'string' || !Array.isArray(servers)) continue;
      out[operation.operationId] = servers.map((server) => ({
        url: server.url,
        variables: Object.fromEntries(
          Object.entries(server.variables ?? {}).map(([key, variable]) => [key, variable.enum ?? [variable.default]]),
        ),
      }));
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** `{schemaName: [column, ...]}`: the header row of each text/csv response's example, keyed by its schema (Zoho's AuditLogCsv). */
function collectCsvHeaders(document) {
  const out = {};
  const deref = (node) => (node?.$ref ? document.components?.examples?.[node.$ref.split('/').pop()] : node);
  for (const pathItem of Object.values(document.paths ?? {})) {
    for (const operation of Object.values(pathItem ?? {})) {
      for (const response of Object.values(operation?.responses ?? {})) {
        const csv = response?.content?.['text/csv'];
        const name = csv?.schema?.$ref?.split('/').pop();
        const example = csv?.example ?? deref(Object.values(csv?.examples ?? {})[0])?.value;
        if (name && typeof example === 'string') out[name] = example.split(/\r?\n/)[0].split(',');
      }
    }
  }
  return out;
}

/**
 * The most items one export job returns, from the spec: the audit query's `ExportParams.limit` default
 * (decision D16) or Zoho's `x-max-entries` on a job's `download_links` (decision Z9); absent elsewhere.
 */
function collectResultLimit(document) {
  const schemas = document.components?.schemas ?? {};
  const resolve = (node) => (node?.$ref ? schemas[node.$ref.split('/').pop()] : node);
  const paramsLimit = resolve(schemas.ExportParams)?.properties?.limit?.default;
  if (typeof paramsLimit === 'number') return paramsLimit;
  for (const name of Object.keys(schemas).sort()) {
    for (const property of Object.values(resolve(schemas[name])?.properties ?? {})) {
      if (typeof property?.['x-max-entries'] === 'number') return property['x-max-entries'];
    }
  }
  return undefined;
}

/** `{schemaName: days}` for conditions whose range the API bounds (`x-max-range-days`, Zoho's AuditedTimeCondition). */
function collectMaxRangeDays(document) {
  const out = {};
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas).sort()) {
    if (typeof schemas[name]?.['x-max-range-days'] === 'number') out[name] = schemas[name]['x-max-range-days'];
  }
  return out;
}

/** `{schemaName: column}` for CSV schemas naming their time column (`x-time-column`, Zoho's AuditLogCsv). */
function collectTimeColumns(document) {
  const out = {};
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas).sort()) {
    if (typeof schemas[name]?.['x-time-column'] === 'string') out[name] = schemas[name]['x-time-column'];
  }
  return out;
}

/** `{ filters: {operationId: [filter]} }` for the operations whose parameters declare `x-filter` (decision D20); `{}` when none do. */
function filtersOf(document) {
  const out = {};
  for (const { operationId } of operations(document)) {
    const filters = queryFilters(document, operationId);
    if (filters.length > 0) out[operationId] = filters.map(({ description, ...filter }) => filter);
  }
  return Object.keys(out).length > 0 ? { filters: out } : {};
}

/** A JSDoc block at two spaces' indent; `*\/` in the text cannot end it early. */
function jsDoc(lines) {
  const body = lines.map((line) => `   * ${line.replaceAll('*/', '*\\/')}`);
  return ['  /**', ...body, '   */'].join('\n');
}

/**
 * One interface per operation with filters (`CreateExportJobFilters`): an optional member per filtered field,
 * a string for a value filter and a `{ name: value }` record for a correlated pair, documented from the spec.
 */
function filterInterfaces(document) {
  const blocks = [];
  for (const { operationId } of operations(document)) {
    const filters = queryFilters(document, operationId);
    if (filters.length === 0) continue;
    const name = `${operationId[0].toUpperCase()}${operationId.slice(1)}Filters`;
    const members = filters.map((filter) => {
      const key = /^[A-Za-z_$][\w$]*$/.test(filter.field) ? filter.field : JSON.stringify(filter.field);
      const pair = filter.match === 'pairs';
      const doc = jsDoc(
        pair
          ? [
              `\`{ name: value }\` entries: an event matches when ${describeFilterMatch(filter)}.`,
              `Sent as \`${filter.names}\` and \`${filter.values}\`, so names and values are non-empty and comma-free.`,
            ]
          : [filter.description, `Sent as \`${filter.parameter}\`.`],
      );
      return `${doc}\n  ${key}?: ${pair ? 'Record<string, string>' : 'string'};`;
    });
    blocks.push(
      `/** The filters of ${operationId}, one per event field (the spec's \`x-filter\`), combined with AND. */`,
      `export interface ${name} {`,
      ...members,
      '}',
      '',
    );
  }
  return blocks;
}

/** Returns the generated TypeScript source for one API document (read from `specDir`, default the spec package's dist). */
export async function generateSource(id, specDir) {
  const document = specDir ? loadDocument(id, specDir) : loadDocument(id);
  const ast = await openapiTS(document, { alphabetize: false, exportType: true });
  const types = astToString(ast);
  const values = {
    title: document.info?.title,
    version: document.info?.version,
    servers: (document.servers ?? []).map((server) => ({
      url: server.url,
      variables: Object.fromEntries(
        Object.entries(server.variables ?? {}).map(([key, variable]) => [key, variable.default]),
      ),
    })),
    operationServers: collectOperationServers(document),
    patterns: collectPatterns(document),
    enums: collectEnums(document),
    lifecycles: collectLifecycles(document),
    // Only documents with filters carry the key, so the others' generated modules stay as they were.
    ...filtersOf(document),
    csvHeaders: collectCsvHeaders(document),
    resultLimit: collectResultLimit(document) ?? null,
    timeColumns: collectTimeColumns(document),
    maxRangeDays: collectMaxRangeDays(document),
  };
  return [
    '/**',
    ` * Generated by scripts/generate.mjs from spec/dist/${id}.json with openapi-typescript.`,
    ' * Do not edit: run `pnpm --filter @audit-export/client generate`.',
    ' */',
    '',
    types.trimEnd(),
    '',
    ...filterInterfaces(document),
    `/** Runtime values read from the ${id} document (servers, schema patterns, enum values, lifecycles). */`,
    `export const specValues = ${JSON.stringify(values, null, 2)} as const;`,
    '',
  ].join('\n');
}

/** `{ 'src/generated/<api>.gen.ts': text }` for every API, paths relative to the client package. */
export async function generate({ specDir } = {}) {
  const files = {};
  for (const id of apiIds) files[`src/generated/${id}.gen.ts`] = await generateSource(id, specDir);
  return files;
}
