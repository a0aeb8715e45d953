// Point 5: the built docs site shows every operationId (landing page table and each API's Redoc
// definition) and every catalog event, and nothing the spec lacks. Static: the docs package's own
// test renders the same pages in Chromium.
import { describe, expect, it } from 'vitest';
import { describeProblems } from '../src/check.js';
import { checkDocsSite, embeddedJson } from '../src/docs-check.js';
import { loadSpecSet } from '../src/spec-set.js';

describe('the docs site', () => {
  it('shows every operationId of every API and every catalog event', () => {
    const outcome = checkDocsSite(loadSpecSet());
    expect(outcome.problems, describeProblems([outcome])).toEqual([]);
  });
});

describe('embeddedJson', () => {
  it('reads an object literal from an inline script, braces inside strings included', () => {
    const html = '<script>const a = {"x":"}{\\"","y":{"z":[1]}};\nrun(a);</script>';
    expect(embeddedJson(html, 'a')).toEqual({ x: '}{"', y: { z: [1] } });
    expect(embeddedJson(html, 'b')).toBeUndefined();
  });
});
