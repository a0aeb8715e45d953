import { describe, expect, it } from 'vitest';
import { eventAnchor, renderCatalogBody, renderTemplate } from '../src/catalog-page.js';
import { spec } from './spec-dist.js';

describe('renderTemplate', () => {
  it.each([
    [
      'marks each placeholder',
      '{user} attempted to login with {method}.',
      '<var class="placeholder">{user}</var> attempted to login with <var class="placeholder">{method}</var>.',
    ],
    ['escapes the text around them', '<b>{x}</b>', '&lt;b&gt;<var class="placeholder">{x}</var>&lt;/b&gt;'],
    ['leaves a template without placeholders alone', 'Nothing to fill.', 'Nothing to fill.'],
  ])('%s', (_name, template, want) => {
    expect(renderTemplate(template)).toBe(want);
  });
});

describe('renderCatalogBody', () => {
  const html = renderCatalogBody(spec.catalog);

  it('has a section for every catalog event with both spellings of its name', () => {
    for (const event of spec.catalog) {
      expect(html).toContain(`id="${eventAnchor(event)}"`);
      expect(html).toContain(`<code>${event.name}</code>`);
      expect(html).toContain(`<code>${event.lineName}</code>`);
    }
  });

  it('lists every attribute of every event with its description', () => {
    for (const event of spec.catalog) {
      for (const [name, attribute] of Object.entries(event.attributes)) {
        expect(html).toContain(`<code>${name}</code>`);
        if (attribute.description) expect(html).toContain(attribute.description.replaceAll("'", '&#39;'));
      }
    }
  });

  it('groups events by module', () => {
    const modules = new Set(spec.catalog.map((event) => event.moduleId));
    for (const moduleId of modules) expect(html).toContain(`id="module-${moduleId}"`);
  });
});
