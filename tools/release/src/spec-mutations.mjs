// Spec changes a vendor makes, applied to a copy of the bundled documents (a spec/dist-shaped
// `{ docs, catalog }`): six a released client must survive (the gate rates them minor) and six
// that break it (rated major). The gate's tests rate each one; the contract suite's
// forward-compatibility test builds the mock from the compatible ones and runs today's clients
// against it. Each change is found by name in the document and fails loudly when the spec moved.

/** The event a vendor adds to its catalog (forward-compatibility: the client does not know it). */
export const NEW_EVENT = {
  name: 'REPORT_SHARED',
  lineName: 'report-shared',
  module: 'Reports',
  moduleId: 'reports',
  template: '{user} shared the report {report}.',
  attributes: {
    user: { type: 'string', description: 'The user who shared the report.', examples: ['jpatterson'] },
    report: { type: 'string', description: 'The report shared.', examples: ['Weekly NPS'] },
  },
};
/** The audit query job state a vendor adds: a job waits in it before PROCESSING. */
export const NEW_JOB_STATE = 'QUEUED';
/** The Zoho status a vendor adds, in both casings (decision Z1). */
export const NEW_ZOHO_STATUS = 'Queued';
/** The Zoho error code a vendor starts answering a create with. */
export const NEW_ERROR_CODE = 'EXPORT_QUOTA_REACHED';
/** The optional field a vendor adds to the audit query job status. */
export const NEW_STATUS_FIELD = 'queuePosition';
/** The optional query parameter a vendor adds to the audit query create. */
export const NEW_QUERY_PARAMETER = 'f.region';

function need(value, what) {
  if (value === undefined || value === null)
    throw new Error(`spec mutation: ${what} is not where it was (has the spec changed?)`);
  return value;
}

function schema(doc, name) {
  return need(doc.components?.schemas?.[name], `components.schemas.${name}`);
}

function operation(doc, path, method) {
  return need(doc.paths?.[path]?.[method], `${method.toUpperCase()} ${path}`);
}

/** Follows a `#/components/...` reference of a bundled document. */
function follow(doc, node) {
  if (typeof node?.$ref !== 'string') return node;
  return need(
    node.$ref
      .slice(2)
      .split('/')
      .reduce((at, key) => at?.[key], doc),
    node.$ref,
  );
}

/**
 * The six changes a released client must survive; the gate rates each minor.
 * @type {import('./spec-mutations.d.mts').SpecMutation[]}
 */
export const compatibleMutations = [
  {
    id: 'response-field-added',
    api: 'audit-query',
    description: `the job status answers a new optional field, \`${NEW_STATUS_FIELD}\``,
    expected: 'minor',
    apply({ docs }) {
      schema(docs['audit-query'], 'ExportJobDetails').properties[NEW_STATUS_FIELD] = {
        type: 'integer',
        minimum: 0,
        description: 'Jobs ahead of this one while it waits.',
      };
    },
  },
  {
    id: 'job-state-added',
    api: 'audit-query',
    description: `a new job state, ${NEW_JOB_STATE}, between create and PROCESSING`,
    expected: 'minor',
    apply({ docs }) {
      const state = schema(docs['audit-query'], 'JobState');
      state.enum.splice(state.enum.indexOf('PROCESSING'), 0, NEW_JOB_STATE);
      state['x-transitions'].push(
        { to: NEW_JOB_STATE, operationId: 'createExportJob' },
        { from: NEW_JOB_STATE, to: 'PROCESSING' },
        { from: NEW_JOB_STATE, to: 'CANCELLED', operationId: 'cancelExportJob' },
      );
    },
  },
  {
    id: 'zoho-status-added',
    api: 'zoho',
    description: `a new Zoho job status, ${NEW_ZOHO_STATUS} (and ${NEW_ZOHO_STATUS.toLowerCase()})`,
    expected: 'minor',
    apply({ docs }) {
      schema(docs.zoho, 'ExportStatus').enum.push(NEW_ZOHO_STATUS, NEW_ZOHO_STATUS.toLowerCase());
    },
  },
  {
    id: 'error-code-added',
    api: 'zoho',
    description: `a new error code on create, ${NEW_ERROR_CODE} (Zoho's codes are open strings: a new documented example)`,
    expected: 'minor',
    apply({ docs }) {
      const refused = follow(
        docs.zoho,
        operation(docs.zoho, '/crm/{version}/settings/audit_log_export', 'post').responses['400'],
      );
      need(refused.content?.['application/json'], 'the create 400 JSON body').examples.quotaReached = {
        summary: 'The organization reached its export quota',
        value: {
          code: NEW_ERROR_CODE,
          details: {},
          message: 'the export quota of the organization is reached',
          status: 'error',
        },
      };
    },
  },
  {
    id: 'event-added',
    api: 'audit-query',
    description: `a new catalog event, ${NEW_EVENT.name} (\`${NEW_EVENT.lineName}\`)`,
    expected: 'minor',
    apply({ docs, catalog }) {
      need(docs['audit-query']['x-event-catalog'], 'x-event-catalog').push(structuredClone(NEW_EVENT));
      catalog.push(structuredClone(NEW_EVENT));
    },
  },
  {
    id: 'query-parameter-added',
    api: 'audit-query',
    description: `a new optional query parameter on create, \`${NEW_QUERY_PARAMETER}\``,
    expected: 'minor',
    apply({ docs }) {
      operation(docs['audit-query'], '/v2/export', 'get').parameters.push({
        name: NEW_QUERY_PARAMETER,
        in: 'query',
        required: false,
        description: 'Only events of this data region.',
        schema: { type: 'string', minLength: 1 },
      });
    },
  },
];

/**
 * The six changes that break a released client; the gate rates each major.
 * @type {import('./spec-mutations.d.mts').SpecMutation[]}
 */
export const breakingMutations = [
  {
    id: 'response-field-removed',
    api: 'audit-query',
    description: 'the job status no longer answers `filePath`',
    expected: 'major',
    rules: ['property-removed'],
    apply({ docs }) {
      const details = schema(docs['audit-query'], 'ExportJobDetails');
      need(details.properties.filePath, 'ExportJobDetails.filePath');
      delete details.properties.filePath;
    },
  },
  {
    id: 'required-parameter-added',
    api: 'audit-query',
    description: 'create needs a new query parameter, `region`',
    expected: 'major',
    rules: ['parameter-became-required'],
    apply({ docs }) {
      operation(docs['audit-query'], '/v2/export', 'get').parameters.push({
        name: 'region',
        in: 'query',
        required: true,
        description: 'The data region.',
        schema: { type: 'string' },
      });
    },
  },
  {
    id: 'request-constraint-narrowed',
    api: 'audit-query',
    description: '`f.username` takes at most 64 characters',
    expected: 'major',
    rules: ['schema-constraint-changed'],
    apply({ docs }) {
      need(docs['audit-query'].components?.parameters?.FilterUsername?.schema, 'the f.username parameter').maxLength =
        64;
    },
  },
  {
    id: 'path-renamed',
    api: 'audit-query',
    description: '`/v2/export/status/{jobId}` moves to `/v2/export/jobs/{jobId}/status`',
    expected: 'major',
    rules: ['path-removed'],
    apply({ docs }) {
      const paths = docs['audit-query'].paths;
      paths['/v2/export/jobs/{jobId}/status'] = need(paths['/v2/export/status/{jobId}'], 'the status path');
      delete paths['/v2/export/status/{jobId}'];
    },
  },
  {
    id: 'type-changed',
    api: 'audit-query',
    description: 'the job status `id` becomes a string',
    expected: 'major',
    rules: ['schema-type-changed'],
    apply({ docs }) {
      const details = schema(docs['audit-query'], 'ExportJobDetails');
      details.properties.id = {
        type: 'string',
        description: need(details.properties.id, 'ExportJobDetails.id').description,
      };
    },
  },
  {
    id: 'operation-removed',
    api: 'zoho',
    description: '`GET /crm/{version}/settings/audit_log_export` (listAuditLogExportJobs) is gone; create stays',
    expected: 'major',
    rules: ['operation-removed'],
    apply({ docs }) {
      const item = need(docs.zoho.paths['/crm/{version}/settings/audit_log_export'], 'the Zoho jobs path');
      need(item.get, 'listAuditLogExportJobs');
      delete item.get;
    },
  },
];
