// Type-level: what the audit query filters accept, and the query they build, as the spec types it.
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AuditTimeInput,
  type CreateExportJobFilters,
  type CreateExportQuery,
  type ExportFilters,
  type paths,
  toCreateQuery,
} from '../src/audit-query.js';
import type { specValues } from '../src/generated/audit-query.gen.js';

describe('ExportFilters', () => {
  it('needs a tenant and a time range; dates are a Date or a string', () => {
    expectTypeOf({ tenantId: 't', startTime: new Date(), endTime: '2024-09-16T05:00:00Z' }).toExtend<ExportFilters>();
    expectTypeOf({ tenantId: 't', startTime: new Date() }).not.toExtend<ExportFilters>();
    expectTypeOf({ startTime: new Date(), endTime: new Date() }).not.toExtend<ExportFilters>();
    expectTypeOf<ExportFilters['startTime']>().toEqualTypeOf<AuditTimeInput>();
    expectTypeOf({ tenantId: 't', startTime: 1_700_000_000, endTime: new Date() }).not.toExtend<ExportFilters>();
  });

  it('takes attributes as names mapped to string values, nothing else', () => {
    expectTypeOf({ color: 'ivory', tenant: 'annabel' }).toExtend<NonNullable<ExportFilters['attributes']>>();
    expectTypeOf({ color: 1 }).not.toExtend<NonNullable<ExportFilters['attributes']>>();
    expectTypeOf<ExportFilters>().toHaveProperty('category').toEqualTypeOf<string | undefined>();
  });

  it('has one option per filter the spec declares (x-filter), named after its event field', () => {
    type Field = (typeof specValues.filters.createExportJob)[number]['field'];
    expectTypeOf<Exclude<keyof ExportFilters, 'tenantId' | 'startTime' | 'endTime'>>().toEqualTypeOf<Field>();
    expectTypeOf<CreateExportJobFilters>().toEqualTypeOf<Omit<ExportFilters, 'tenantId' | 'startTime' | 'endTime'>>();
  });
});

describe('toCreateQuery', () => {
  it('builds exactly the query of GET /v2/export', () => {
    expectTypeOf(toCreateQuery).returns.toEqualTypeOf<CreateExportQuery>();
    expectTypeOf<CreateExportQuery>().toEqualTypeOf<paths['/v2/export']['get']['parameters']['query']>();
    expectTypeOf<CreateExportQuery>().toHaveProperty('f.attrName');
    expectTypeOf<CreateExportQuery['tenantId']>().toEqualTypeOf<string>();
  });
});
