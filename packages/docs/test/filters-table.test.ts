// The landing page's filter table: every filter the spec declares (x-filter), read from the spec.
import { filterParameters, queryFilters } from '@audit-export/spec';
import { describe, expect, it } from 'vitest';
import { renderFilterTables } from '../src/filters-table.js';
import type { ApiDocument } from '../src/spec-inputs.js';
import { spec } from './spec-dist.js';

const auditQuery = spec.apis.find((api) => api.id === 'audit-query') as ApiDocument;
const shown = (html: string) => [...html.matchAll(/<code class="filter-parameter">([^<]*)<\/code>/g)].map((m) => m[1]);

describe('renderFilterTables', () => {
  it('lists every filter parameter of the spec, with its event field, and only the APIs that have filters', () => {
    const html = renderFilterTables(spec.apis);
    expect(shown(html)).toEqual(queryFilters(auditQuery.document, 'createExportJob').flatMap(filterParameters));
    expect(html).toContain('id="filters-audit-query-createExportJob"');
    expect(html).toContain('<td><code>application</code></td>');
    expect(html).toContain('ends in it after a dot');
    expect(html).not.toMatch(/filters-(zoho|audit-resource)/);
  });

  it('shows a filter parameter added to the spec, with no other edit', () => {
    const document = structuredClone(auditQuery.document);
    const create = document.paths?.['/v2/export']?.get as { parameters: unknown[] };
    create.parameters.push({
      name: 'f.name',
      in: 'query',
      description: 'Filter by event name.',
      schema: { type: 'string' },
      'x-filter': { field: 'name', match: 'exact' },
    });
    const html = renderFilterTables([{ ...auditQuery, document }]);
    expect(shown(html).at(-1)).toBe('f.name');
    expect(html).toContain(
      '<td><code>name</code></td><td>An event matches when its <code>name</code> equals the value.</td>',
    );
  });
});
