// The package's one reader: what every generator and tool uses to load, resolve and walk a document.
import { describe, expect, it } from 'vitest';
import { filterParameters, queryFilters } from '../src/filters.ts';
import { type ApiId, apiIds } from '../src/ids.ts';
import { jobLifecycle } from '../src/lifecycle.ts';
import {
  dereference,
  loadDocument,
  operationById,
  operations,
  resolvePointer,
  resolveRef,
  type SpecNode,
  SpecReadError,
} from '../src/reader.ts';

const doc: SpecNode = {
  paths: {
    '/a/{id}': {
      parameters: [{ $ref: '#/components/parameters/Id' }, { name: 'q', in: 'query', description: 'path level' }],
      get: { operationId: 'getA', parameters: [{ name: 'q', in: 'query', description: 'operation level' }] },
      post: { operationId: 'postA' },
      summary: 'not an operation',
    },
    '/b': { $ref: '#/components/pathItems/B' },
  },
  components: {
    parameters: { Id: { name: 'id', in: 'path' } },
    pathItems: { B: { delete: {} } },
    schemas: {
      'a/b~c': { $ref: '#/components/schemas/Target' },
      Target: { type: 'string' },
      Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } },
      Loop: { $ref: '#/components/schemas/Loop' },
    },
  },
};

describe('resolvePointer and resolveRef', () => {
  it('decode ~1 and ~0 and follow a chain of refs', () => {
    expect(resolvePointer(doc, '#/components/schemas/a~1b~0c')).toEqual({ $ref: '#/components/schemas/Target' });
    expect(resolveRef(doc, { $ref: '#/components/schemas/a~1b~0c' })).toEqual({ type: 'string' });
    expect(resolveRef(doc, { type: 'x' })).toEqual({ type: 'x' });
    expect(resolveRef(doc, undefined)).toBeUndefined();
  });

  it('refuse a missing target, an external ref and a ref to itself, with a code', () => {
    const codeOf = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        return error instanceof SpecReadError ? error.code : 'other';
      }
      return 'none';
    };
    expect(codeOf(() => resolvePointer(doc, '#/components/schemas/Nope'))).toBe('SPEC_REF_UNRESOLVED');
    expect(codeOf(() => resolveRef(doc, { $ref: 'other.yaml#/x' }))).toBe('SPEC_REF_EXTERNAL');
    expect(codeOf(() => resolveRef(doc, { $ref: '#/components/schemas/Loop' }))).toBe('SPEC_REF_UNRESOLVED');
  });
});

describe('dereference', () => {
  it('inlines every ref recursively and keeps a recursive one as a $ref', () => {
    const out = dereference(doc);
    expect(out.components.schemas['a/b~c']).toEqual({ type: 'string' });
    expect(out.components.schemas.Node.properties.next).toEqual({
      type: 'object',
      properties: { next: { $ref: '#/components/schemas/Node' } },
    });
    expect(out.paths['/a/{id}'].parameters[0]).toEqual({ name: 'id', in: 'path' });
    expect(doc.components.schemas['a/b~c']).toEqual({ $ref: '#/components/schemas/Target' });
  });
});

describe('operations', () => {
  it('lists [method, path, operation] in document order, through path-item refs, with merged parameters', () => {
    const ops = operations(doc);
    expect(ops.map((o) => `${o.method} ${o.path} ${o.operationId}`)).toEqual([
      'get /a/{id} getA',
      'post /a/{id} postA',
      'delete /b delete /b',
    ]);
    expect(ops[0]?.parameters).toEqual([
      { name: 'id', in: 'path' },
      { name: 'q', in: 'query', description: 'operation level' },
    ]);
    expect(ops[1]?.parameters.map((p) => p.description ?? p.name)).toEqual(['id', 'path level']);
    expect(operationById(doc, 'postA').method).toBe('post');
    expect(() => operationById(doc, 'nope')).toThrow(SpecReadError);
  });

  it('walk every built document: each operation has a unique operationId', () => {
    for (const id of apiIds) {
      const ids = operations(loadDocument(id)).map((o) => o.operationId);
      expect(ids.length, id).toBeGreaterThan(0);
      expect(new Set(ids).size, id).toBe(ids.length);
    }
    expect(() => loadDocument('nope' as ApiId)).toThrow(/Unknown API id/);
  });
});

describe('jobLifecycle', () => {
  const lifecycleDoc = (transitions: unknown[]): SpecNode => ({
    components: { schemas: { S: { enum: ['NEW', 'RUNNING', 'DONE', 'STOPPED'], 'x-transitions': transitions } } },
  });

  it('derives terminal and active states and each operation’s from/to from x-transitions', () => {
    const lifecycle = jobLifecycle(
      lifecycleDoc([
        { to: 'NEW', operationId: 'create' },
        { to: 'RUNNING', operationId: 'create' },
        { from: 'NEW', to: 'RUNNING' },
        { from: 'RUNNING', to: 'DONE' },
        { from: 'RUNNING', to: 'STOPPED', operationId: 'stop' },
        { from: 'STOPPED', to: 'NEW', operationId: 'restart' },
        { from: 'DONE', operationId: 'delete' },
      ]),
      'S',
    );
    expect(lifecycle.active).toEqual(['NEW', 'RUNNING']);
    expect(lifecycle.terminal).toEqual(['DONE', 'STOPPED']);
    expect(lifecycle.operations).toEqual({
      create: { from: [], to: ['NEW', 'RUNNING'] },
      stop: { from: ['RUNNING'], to: ['STOPPED'] },
      restart: { from: ['STOPPED'], to: ['NEW'] },
      delete: { from: ['DONE'], to: [] },
    });
  });

  it('refuses a transition to a state the enum does not list', () => {
    expect(() => jobLifecycle(lifecycleDoc([{ from: 'NEW', to: 'GONE' }]), 'S')).toThrow(/GONE/);
  });

  it('reads the audit query JobState of the built document: every state is either terminal or active', () => {
    const lifecycle = jobLifecycle(loadDocument('audit-query'));
    expect([...lifecycle.active, ...lifecycle.terminal].sort()).toEqual([...lifecycle.states].sort());
    expect(lifecycle.terminal).toContain('COMPLETED');
    expect(lifecycle.operations.createExportJob?.to.length).toBeGreaterThan(0);
  });
});

describe('queryFilters', () => {
  const filterDoc = (parameters: unknown[]): SpecNode => ({
    paths: { '/x': { get: { operationId: 'listX', parameters } } },
    components: {
      parameters: { Kind: { name: 'f.kind', in: 'query', 'x-filter': { field: 'kind', match: 'exact' } } },
    },
  });
  const names = {
    name: 'f.n',
    in: 'query',
    description: 'Names,\n  paired.',
    'x-filter': { field: 'tags', match: 'pair-names' },
  };
  const values = { name: 'f.v', in: 'query', 'x-filter': { field: 'tags', match: 'pair-values' } };

  it('reads one filter per field, in parameter order, a pair joined at its first half, refs followed', () => {
    const doc = filterDoc([
      { name: 'from', in: 'query' },
      values,
      { $ref: '#/components/parameters/Kind' },
      names,
      { name: 'f.app', in: 'query', description: 'App.', 'x-filter': { field: 'app', match: 'last-dotted-part' } },
    ]);
    const filters = queryFilters(doc, 'listX');
    expect(filters).toEqual([
      { field: 'tags', match: 'pairs', names: 'f.n', values: 'f.v', description: 'Names, paired.' },
      { field: 'kind', match: 'exact', parameter: 'f.kind', description: '' },
      { field: 'app', match: 'last-dotted-part', parameter: 'f.app', description: 'App.' },
    ]);
    expect(filters.map(filterParameters)).toEqual([['f.n', 'f.v'], ['f.kind'], ['f.app']]);
  });

  it('is empty for an operation without x-filter and throws for an unknown operation', () => {
    expect(queryFilters(filterDoc([{ name: 'from', in: 'query' }]), 'listX')).toEqual([]);
    expect(() => queryFilters(filterDoc([]), 'nope')).toThrow(SpecReadError);
  });

  it.each([
    ['an unknown match', [{ name: 'f.a', in: 'query', 'x-filter': { field: 'a', match: 'fuzzy' } }], /f\.a needs/],
    ['no field', [{ name: 'f.a', in: 'query', 'x-filter': { match: 'exact' } }], /f\.a needs/],
    ['a header', [{ name: 'f.a', in: 'header', 'x-filter': { field: 'a', match: 'exact' } }], /not a query/],
    [
      'two filters on one field',
      [
        { $ref: '#/components/parameters/Kind' },
        { name: 'f.k', in: 'query', 'x-filter': { field: 'kind', match: 'exact' } },
      ],
      /f\.kind, f\.k filter kind/,
    ],
    ['half a pair', [names], /f\.n filter tags/],
    ['a pair of two name lists', [names, { ...names, name: 'f.n2' }], /f\.n, f\.n2/],
  ])('refuses %s with SPEC_EXTENSION_INVALID', (_, parameters, message) => {
    const read = () => queryFilters(filterDoc(parameters), 'listX');
    expect(read).toThrow(message);
    expect(read).toThrow(expect.objectContaining({ code: 'SPEC_EXTENSION_INVALID' }));
  });
});
