import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { EventCatalogEntry } from '../src/index.ts';
import { loadDist, readFixture } from './helpers.ts';

const catalog = loadDist('event-catalog.json') as unknown as EventCatalogEntry[];
const entrySchema = loadDist('event-catalog-entry.schema.json');
const bundle = loadDist('audit-query.json');

const placeholders = (template: string) => [...new Set([...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]))];
const kebab = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The seed's list (fixture seed-000/audit-events.txt): "Login module events" headings, then "• NAME — template" bullets. */
function seedEvents() {
  const out: Array<{ name: string; module: string; template: string }> = [];
  let module = '';
  for (const line of readFixture('seed-000/audit-events.txt').split('\n')) {
    const heading = /^(.+?) (?:module )?events$/.exec(line.trim());
    if (heading?.[1] && !line.startsWith(' ')) module = heading[1].replace(/ module$/, '');
    const bullet = /^\s+•\s+([A-Z][A-Z_]+) — (.+)$/.exec(line);
    if (bullet?.[1] && bullet[2]) out.push({ name: bullet[1], module, template: bullet[2].trim() });
  }
  return out;
}

describe('the event catalog', () => {
  it('lists every event of the seed, in order, with module and template verbatim', () => {
    const seed = seedEvents();
    expect(seed).toHaveLength(23);
    expect(catalog.map(({ name, module, template }) => ({ name, module, template }))).toEqual(seed);
  });

  it('is embedded verbatim in the audit-query bundle as x-event-catalog', () => {
    expect(bundle['x-event-catalog']).toEqual(catalog);
  });

  it('validates against the catalog entry schema', () => {
    const validate = new Ajv2020({ strict: true }).compile(entrySchema);
    for (const entry of catalog) expect(validate(entry), JSON.stringify(validate.errors)).toBe(true);
  });

  it('has unique names and lineNames', () => {
    expect(new Set(catalog.map((e) => e.name)).size).toBe(catalog.length);
    expect(new Set(catalog.map((e) => e.lineName)).size).toBe(catalog.length);
  });

  it.each(catalog.map((e) => [e.name, e] as const))('%s: lineName and moduleId are the kebab case', (_, e) => {
    expect(e.lineName).toBe(kebab(e.name));
    expect(e.moduleId).toBe(kebab(e.module));
  });

  it.each(catalog.map((e) => [e.name, e] as const))('%s: attributes are exactly the placeholders', (_, e) => {
    expect(Object.keys(e.attributes)).toEqual(placeholders(e.template));
  });

  it('maps the seed result lines to catalog entries (cmd-center-command)', () => {
    expect(catalog.find((e) => e.lineName === 'cmd-center-command')?.name).toBe('CMD_CENTER_COMMAND');
  });
});
