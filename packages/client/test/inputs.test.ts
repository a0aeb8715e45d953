import { describe, expect, it } from 'vitest';
import { attributeFilters, type ExportFilters, toAuditTime, toCreateQuery } from '../src/audit-query.js';
import { toUsDate } from '../src/audit-resource.js';
import { InvalidArgumentError } from '../src/core/errors.js';
import { specValues } from '../src/generated/audit-query.gen.js';
import { criteria, toZohoDateTime } from '../src/zoho.js';

describe('toAuditTime', () => {
  it.each([
    ['a Date, as ISO UTC without .000', new Date(Date.UTC(2024, 8, 16, 5)), '2024-09-16T05:00:00Z'],
    ['a Date with milliseconds', new Date(Date.UTC(2024, 8, 16, 5, 0, 0, 250)), '2024-09-16T05:00:00.250Z'],
    ['an ISO string, unchanged', '2024-09-16T05:00:00z', '2024-09-16T05:00:00z'],
    [
      'an ISO string with microseconds, without losing them',
      '2024-10-12T03:07:15.329132Z',
      '2024-10-12T03:07:15.329132Z',
    ],
    [
      'the seed form yyyy-MM-dd HH:mm:ssZZ, as ISO with the same offset',
      '2024-01-01 11:30:00-0800',
      '2024-01-01T11:30:00-08:00',
    ],
  ])('accepts %s', (_name, input, want) => {
    expect(toAuditTime(input)).toBe(want);
  });

  it.each([['2024-13-01T00:00:00Z'], ['yesterday'], ['2024-01-01 11:30:00'], [new Date('nope')]])(
    'rejects %s with InvalidArgumentError',
    (input) => {
      expect(() => toAuditTime(input, 'startTime')).toThrow(InvalidArgumentError);
    },
  );
});

describe('attributeFilters', () => {
  it('correlates names and values by position', () => {
    expect(attributeFilters({ color: 'ivory', tenant: 'annabel' })).toEqual({
      names: 'color,tenant',
      values: 'ivory,annabel',
    });
  });
  it('rejects a comma inside a name or a value, saying why', () => {
    expect(() => attributeFilters({ 'a,b': 'x' })).toThrow(/contains a comma/);
    expect(() => attributeFilters({ color: 'ivory,white' })).toThrow(/contains a comma/);
    expect(() => attributeFilters({ color: '' })).toThrow(InvalidArgumentError);
  });
});

describe('toCreateQuery', () => {
  it('builds the spec query with dotted filter names', () => {
    expect(
      toCreateQuery({
        tenantId: '123302',
        startTime: '2024-09-16T05:00:00z',
        endTime: new Date(Date.UTC(2024, 8, 16, 15)),
        username: 'jpatterson',
        attributes: { color: 'ivory' },
      }),
    ).toEqual({
      tenantId: '123302',
      startTime: '2024-09-16T05:00:00z',
      endTime: '2024-09-16T15:00:00Z',
      'f.username': 'jpatterson',
      'f.attrName': 'color',
      'f.attrVal': 'ivory',
    });
  });
  it('sends every filter the spec declares (x-filter), each under its parameter, and keeps no other', () => {
    const window = { tenantId: 't', startTime: '2024-09-16T05:00:00Z', endTime: '2024-09-16T06:00:00Z' };
    const filters = specValues.filters.createExportJob;
    const options = Object.fromEntries(
      filters.map((f) => [f.field, f.match === 'pairs' ? { [`${f.field}-name`]: `${f.field}-value` } : `${f.field}-x`]),
    );
    const query = toCreateQuery({ ...window, ...options, unknownOption: 'dropped' } as ExportFilters);
    const sent = Object.fromEntries(
      filters.flatMap((f): [string, string][] =>
        f.match === 'pairs'
          ? [
              [f.names, `${f.field}-name`],
              [f.values, `${f.field}-value`],
            ]
          : [[f.parameter, `${f.field}-x`]],
      ),
    );
    expect(query).toEqual({ ...window, ...sent });
    expect(filters.map((f) => f.field)).toEqual(['category', 'application', 'username', 'attributes']);
  });
  it('refuses a filter value of the wrong kind instead of sending its text', () => {
    const window = { tenantId: 't', startTime: new Date(0), endTime: new Date(1) };
    expect(() => toCreateQuery({ ...window, category: 7 as unknown as string })).toThrow(
      /category filter must be a string/,
    );
    expect(() => toCreateQuery({ ...window, attributes: 'color=ivory' as unknown as Record<string, string> })).toThrow(
      InvalidArgumentError,
    );
    expect(() => toCreateQuery({ ...window, attributes: { color: 'a,b' } })).toThrow(/f\.attrName and f\.attrVal/);
    expect(toCreateQuery({ ...window, attributes: {} })).not.toHaveProperty('f.attrName');
  });
  it('rejects a missing tenant and a start after the end', () => {
    expect(() => toCreateQuery({ tenantId: '', startTime: new Date(0), endTime: new Date(1) })).toThrow(/tenantId/);
    expect(() => toCreateQuery({ tenantId: 't', startTime: new Date(10), endTime: new Date(1) })).toThrow(
      /after endTime/,
    );
  });
});

describe('toUsDate', () => {
  it.each([
    ['a Date (its UTC day)', new Date(Date.UTC(2015, 11, 1, 23)), '12/01/2015'],
    ['yyyy-mm-dd', '2015-12-30', '12/30/2015'],
    ['mm/dd/yyyy', '12/30/2015', '12/30/2015'],
  ])('formats %s as mm/dd/yyyy', (_name, input, want) => {
    expect(toUsDate(input)).toBe(want);
  });
  it('rejects dd/mm/yyyy', () => {
    expect(() => toUsDate('30/12/2015')).toThrow(InvalidArgumentError);
  });
});

describe('criteria', () => {
  it('builds the seed’s nested criteria', () => {
    expect(
      criteria.and(
        criteria.doneBy({ name: 'Boyle', id: '2276164000000799326' }),
        criteria.and(
          criteria.module({ api_name: 'Contacts', id: '2276164000000000129' }),
          criteria.and(
            criteria.action('updated'),
            criteria.auditedTimeBetween('2023-12-05T00:00:00+05:30', '2024-01-04T23:59:59+05:30'),
          ),
        ),
      ),
    ).toEqual({
      group_operator: 'and',
      group: [
        { comparator: 'in', field: { api_name: 'done_by' }, value: [{ name: 'Boyle', id: '2276164000000799326' }] },
        {
          group_operator: 'and',
          group: [
            {
              comparator: 'in',
              field: { api_name: 'module' },
              value: [{ api_name: 'Contacts', id: '2276164000000000129' }],
            },
            {
              group_operator: 'and',
              group: [
                { comparator: 'equal', field: { api_name: 'action' }, value: 'updated' },
                {
                  comparator: 'between',
                  field: { api_name: 'audited_time' },
                  value: ['2023-12-05T00:00:00+05:30', '2024-01-04T23:59:59+05:30'],
                },
              ],
            },
          ],
        },
      ],
    });
  });
  it('turns Dates into Zoho date-times', () => {
    expect(toZohoDateTime(new Date(Date.UTC(2024, 0, 13)))).toBe('2024-01-13T00:00:00Z');
    expect(() => toZohoDateTime('2024-01-13')).toThrow(InvalidArgumentError);
  });
});
