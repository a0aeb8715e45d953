import { describe, expect, it } from 'vitest';
import { DocsBuildError } from '../src/errors.js';
import { auditQueryLifecycle, DELETED, START } from '../src/job-lifecycle.js';
import { renderLifecycleSvg } from '../src/lifecycle-svg.js';
import type { OpenApiDocument } from '../src/spec-inputs.js';
import { spec } from './spec-dist.js';

const auditQuery = spec.apis.find((api) => api.id === 'audit-query')?.document as OpenApiDocument;
const jobStates = auditQuery.components?.schemas?.JobState?.enum as string[];

/** The bundled document with JobState's enum replaced. */
function withStates(states: string[]): OpenApiDocument {
  const schemas = {
    ...auditQuery.components?.schemas,
    JobState: { ...auditQuery.components?.schemas?.JobState, enum: states },
  };
  return { ...auditQuery, components: { ...auditQuery.components, schemas } };
}

describe('auditQueryLifecycle', () => {
  it('has exactly the states of the spec enum, in its order', () => {
    expect(auditQueryLifecycle(auditQuery).states.map((state) => state.name)).toEqual(jobStates);
  });

  it('marks as terminal the states the server never leaves on its own', () => {
    const terminal = auditQueryLifecycle(auditQuery)
      .states.filter((state) => state.terminal)
      .map((state) => state.name);
    expect(terminal.sort()).toEqual(['CANCELLED', 'COMPLETED', 'FAILED']);
  });

  it('only names operations the document defines', () => {
    const lifecycle = auditQueryLifecycle(auditQuery);
    expect(lifecycle.transitions.filter((transition) => transition.operationId).length).toBeGreaterThan(0);
  });

  it('fails the build when the spec adds a state the diagram does not know', () => {
    expect(() => auditQueryLifecycle(withStates([...jobStates, 'ARCHIVED']))).toThrowError(
      expect.objectContaining({ code: 'LIFECYCLE_DRIFT', context: expect.objectContaining({ state: 'ARCHIVED' }) }),
    );
  });

  it('fails the build when the spec drops a state the diagram moves through', () => {
    expect(() => auditQueryLifecycle(withStates(jobStates.filter((state) => state !== 'CANCELLED')))).toThrow(
      DocsBuildError,
    );
  });
});

describe('renderLifecycleSvg', () => {
  const svg = renderLifecycleSvg(auditQueryLifecycle(auditQuery));

  it('draws a box per state plus the deleted pseudo-state', () => {
    for (const state of jobStates) expect(svg).toContain(`data-state="${state}"`);
    expect(svg).toContain('data-state="deleted"');
    expect(svg).not.toContain(START);
    expect(svg).not.toContain(DELETED);
  });

  it('labels every operation call with its operationId', () => {
    for (const operationId of ['cancelExportJob', 'resumeExportJob', 'deleteExportJob']) {
      expect(svg).toContain(`>${operationId}</text>`);
    }
  });

  it('lets a create or resume answer every state x-transitions allows (PENDING or PROCESSING)', () => {
    const declared = auditQuery.components?.schemas?.JobState?.['x-transitions'] as Array<{
      to?: string;
      operationId?: string;
    }>;
    const lifecycle = auditQueryLifecycle(auditQuery);
    for (const operationId of ['createExportJob', 'resumeExportJob']) {
      const targets = declared.filter((t) => t.operationId === operationId).map((t) => t.to);
      expect(new Set(targets)).toEqual(new Set(['PENDING', 'PROCESSING']));
      for (const to of targets)
        expect(lifecycle.transitions.some((t) => t.operationId === operationId && t.to === to)).toBe(true);
      expect(svg).toContain(`>${operationId}</text>`);
    }
  });

  it('draws each arc underneath at its own depth, so no two overlap', () => {
    // Arcs underneath are the only paths with a smooth (`S`) segment; the point before it is on their floor.
    const arcs = [...svg.matchAll(/ [\d.-]+,([\d.]+) S/g)].map((m) => m[1]);
    expect(arcs.length).toBeGreaterThanOrEqual(4);
    expect(new Set(arcs).size).toBe(arcs.length);
  });

  it('is a well-formed SVG with an accessible title', () => {
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
    expect(svg).toContain('<title id="lifecycle-title">Job lifecycle: PENDING');
    expect(svg.endsWith('</svg>')).toBe(true);
  });
});
