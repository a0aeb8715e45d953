// "Copy as curl" and "copy as client code" are runnable: for one call of each API, the copied curl
// command (bash) and the copied client code (Node, @audit-export/client) reach a real mock on
// loopback and get the answer the spec promises. Credentials come from the environment, never the text.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createMockServer, type MockServer, mintDevToken, mintZohoToken } from '@audit-export/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOperationModels } from '../src/try-it/operation-model.js';
import { SchemaRegistry } from '../src/try-it/schema-registry.js';
import { fieldKey, prepareRequest } from '../try-it/request.js';
import { clientCodeOf, curlOf } from '../try-it/snippets.js';
import { DOCS_DIR, spec } from './spec-dist.js';

const run = promisify(execFile);
const DEV_TENANT = 'acme';
/** One call per API: the create of the two job APIs and the audit resource's query. */
const CALLS: Record<string, { operationId: string; status: number }> = {
  'audit-query': { operationId: 'createExportJob', status: 200 },
  zoho: { operationId: 'createAuditLogExportJob', status: 201 },
  'audit-resource': { operationId: 'getAuditLog', status: 200 },
};

// Inside the package, so the copied code's `import '@audit-export/client/…'` resolves as in a project.
mkdirSync(join(DOCS_DIR, 'test-results'), { recursive: true });
const scratch = mkdtempSync(join(DOCS_DIR, 'test-results', 'snippets-'));
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  // A dev token's company owns one tenant id, its own name (the spec's example tenant is the seed company's).
  const audit = mintDevToken({ tenant: DEV_TENANT });
  env = {
    ...process.env,
    ACCESS_TOKEN: audit.accessToken,
    API_TOKEN: audit.idToken,
    API_USER: 'dev',
    API_PASSWORD: 'x',
  };
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A mock of its own per call: Zoho refuses a second export while one is running. */
async function withMock(test: (mock: MockServer) => Promise<void>): Promise<void> {
  const mock = await createMockServer({ seed: 5 });
  try {
    await test(mock);
  } finally {
    await mock.close();
  }
}

function call(apiId: string, mock: MockServer) {
  const api = spec.apis.find((candidate) => candidate.id === apiId);
  const operation = buildOperationModels(apiId, api?.document as never, new SchemaRegistry()).find(
    (candidate) => candidate.operationId === CALLS[apiId]?.operationId,
  );
  if (!operation) throw new Error(`no ${apiId} ${CALLS[apiId]?.operationId}`);
  const values = Object.fromEntries(
    operation.parameters
      .filter((p) => p.required)
      .map((p) => [fieldKey(p), p.name === 'tenantId' ? DEV_TENANT : p.example]),
  );
  const bodyText = operation.body?.examples[0]?.value;
  const base = `${mock.url}${operation.serverPath}`;
  const request = prepareRequest(operation, base, values, {}, { unchecked: true, ...(bodyText ? { bodyText } : {}) });
  return { operation, values, base, request, ...(bodyText ? { bodyText } : {}) };
}

/** The environment a reader sets: the Zoho token goes in ACCESS_TOKEN on the Zoho page. */
function envFor(apiId: string): NodeJS.ProcessEnv {
  return apiId === 'zoho' ? { ...env, ACCESS_TOKEN: mintZohoToken() } : env;
}

describe('copied calls run as they are', () => {
  for (const apiId of Object.keys(CALLS)) {
    it(`curl for ${apiId} gets ${CALLS[apiId]?.status}, its credentials read from the environment`, () =>
      withMock(async (mock) => {
        const { operation, request } = call(apiId, mock);
        const command = curlOf(request, operation.credentials);
        expect(command).not.toMatch(/eyJ|1000\./);
        const { stdout } = await run('bash', ['-c', `${command} -s -o /dev/null -w '%{http_code}'`], {
          env: envFor(apiId),
          timeout: 30_000,
        });
        expect(Number(stdout)).toBe(CALLS[apiId]?.status);
      }));

    it(`client code for ${apiId} gets ${CALLS[apiId]?.status} through @audit-export/client`, () =>
      withMock(async (mock) => {
        const { operation, values, base, bodyText } = call(apiId, mock);
        const code = clientCodeOf(apiId, operation, base, values, bodyText ? { bodyText } : {});
        const file = join(scratch, `${apiId}.mjs`);
        writeFileSync(file, code);
        const { stdout } = await run(process.execPath, [file], { env: envFor(apiId), timeout: 30_000, cwd: DOCS_DIR });
        expect(stdout.split(' ', 1)[0]).toBe(String(CALLS[apiId]?.status));
      }));
  }
});
