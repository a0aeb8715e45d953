// The criteria builder produces the vendor's sample create bodies exactly (spec/test/fixtures/zoho).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { criteria } from '../src/zoho.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../../spec/test/fixtures/zoho/${name}.json`, import.meta.url), 'utf8'))
    .audit_log_export[0].criteria;

describe('criteria builds the vendor samples', () => {
  it('single filter', () => {
    expect(criteria.auditedTimeBetween('2024-01-13T00:00:00+05:30', '2024-01-20T23:59:59+05:30')).toEqual(
      fixture('create-single-filter'),
    );
  });

  it('nested multi filter', () => {
    const boyle = { name: 'Boyle', id: '2276164000000799326' };
    expect(
      criteria.and(
        criteria.doneBy(boyle, boyle),
        criteria.and(
          criteria.module(
            { api_name: 'Contacts', id: '2276164000000000129' },
            { api_name: 'Leads', id: '2276164000000000125' },
          ),
          criteria.and(
            criteria.action('updated'),
            criteria.auditedTimeBetween('2023-12-05T00:00:00+05:30', '2024-01-04T23:59:59+05:30'),
          ),
        ),
      ),
    ).toEqual(fixture('create-multi-filter'));
  });

  it('action in a list', () => {
    expect(criteria.actions('added', 'updated')).toEqual({
      comparator: 'in',
      field: { api_name: 'action' },
      value: ['added', 'updated'],
    });
  });
});
