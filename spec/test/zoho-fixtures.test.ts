// The spec accepts the vendor's sample create bodies (test/fixtures/zoho) and refuses `or` groups,
// `action between` and groups of three, as the vendor does.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { fixturesDir, specDir } from './helpers.ts';

const doc = JSON.parse(readFileSync(join(specDir, 'dist', 'zoho.json'), 'utf8'));
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema({ $id: 'zoho', components: doc.components });
const validate = ajv.compile({ $ref: 'zoho#/components/schemas/CreateAuditLogExportRequest' });
const fixture = (name: string) => JSON.parse(readFileSync(join(fixturesDir, 'zoho', `${name}.json`), 'utf8'));
const action = (comparator: string, value: unknown) => ({ comparator, field: { api_name: 'action' }, value });
const body = (criteria: unknown) => ({ audit_log_export: [{ criteria }] });

describe('CreateAuditLogExportRequest', () => {
  it.each(['create-single-filter', 'create-multi-filter'])('accepts the vendor sample %s', (name) => {
    expect(validate(fixture(name)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('accepts action in [added, updated]', () => {
    expect(validate(body(action('in', ['added', 'updated'])))).toBe(true);
  });

  it.each([
    ['action between', body(action('between', ['added', 'updated']))],
    [
      'group_operator or',
      body({ group_operator: 'or', group: [action('equal', 'added'), action('equal', 'deleted')] }),
    ],
    ['a group of three', body({ group_operator: 'and', group: [1, 2, 3].map(() => action('equal', 'added')) })],
    [
      'two exports',
      {
        audit_log_export: [body(action('equal', 'added')).audit_log_export[0], { criteria: action('equal', 'added') }],
      },
    ],
  ])('refuses %s', (_, payload) => {
    expect(validate(payload)).toBe(false);
  });
});
