import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type AuditEvent,
  type AuditEventOf,
  catalog,
  catalogEntryOf,
  type EventName,
  findEvent,
  formatMessage,
  isKnownEvent,
  type LineEventName,
  normalizeEventName,
  toLineEventName,
} from '../src/index.js';
import { sampleEvent, specDocument } from './helpers.js';

describe('catalog', () => {
  it("is the spec's x-event-catalog, entry for entry", () => {
    expect(catalog).toEqual(specDocument()['x-event-catalog']);
  });

  it('gives every event both spellings, a module and a template whose placeholders are its attributes', () => {
    for (const entry of catalog) {
      expect(entry.name).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(entry.lineName).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(entry.module).not.toBe('');
      const placeholders = [...entry.template.matchAll(/\{([^{}]+)\}/g)].map((match) => match[1]);
      expect(new Set(placeholders)).toEqual(new Set(Object.keys(entry.attributes)));
    }
  });
});

describe('findEvent', () => {
  it.each(catalog.map((entry) => [entry.name, entry.lineName] as const))(
    'finds %s by either spelling',
    (name, lineName) => {
      expect(findEvent(name)?.lineName).toBe(lineName);
      expect(findEvent(lineName)?.name).toBe(name);
      expect(findEvent(lineName.toUpperCase())?.name).toBe(name);
    },
  );

  it('returns undefined for a name the catalog does not know', () => {
    expect(findEvent('quantum-teleport')).toBeUndefined();
  });
});

describe('catalogEntryOf', () => {
  it('gives a known event its catalog entry, whichever spelling the event carries', () => {
    for (const entry of catalog) {
      expect(catalogEntryOf(sampleEvent({ name: entry.lineName }))).toBe(entry);
      expect(catalogEntryOf(sampleEvent({ name: entry.name }))).toBe(entry);
    }
  });

  it("gives an event a newer server added a generic entry: its own name, module Unknown, its attributes' placeholders", () => {
    const event = sampleEvent({ name: 'report-shared', attributes: { user: 'jpatterson', report: 'Weekly NPS' } });
    const entry = catalogEntryOf(event);
    expect(entry).toEqual({
      name: 'REPORT_SHARED',
      lineName: 'report-shared',
      module: 'Unknown',
      moduleId: 'unknown',
      template: 'report-shared: user={user}, report={report}',
      attributes: { user: {}, report: {} },
      generic: true,
    });
    expect(catalogEntryOf(sampleEvent({ name: 'REPORT_SHARED', attributes: {} })).template).toBe('report-shared');
  });
});

describe('normalizeEventName and toLineEventName', () => {
  it('map between the two spellings', () => {
    for (const entry of catalog) {
      expect(normalizeEventName(entry.lineName)).toBe(entry.name);
      expect(normalizeEventName(entry.name)).toBe(entry.name);
      expect(toLineEventName(entry.name)).toBe(entry.lineName);
    }
  });

  it('normalize unknown names the same way instead of throwing', () => {
    expect(normalizeEventName('report-export-started')).toBe('REPORT_EXPORT_STARTED');
    expect(toLineEventName('REPORT_EXPORT_STARTED')).toBe('report-export-started');
  });
});

describe('formatMessage', () => {
  const login = findEvent('USER_LOGIN');

  it('renders the template from attributes, then top-level fields', () => {
    if (!login) throw new Error('USER_LOGIN missing from the catalog');
    const event = sampleEvent({ name: login.lineName, attributes: { method: 'SSO' }, user: 'top-level-user' });
    expect(formatMessage(event)).toBe(login.template.replace('{user}', 'top-level-user').replace('{method}', 'SSO'));
  });

  it('keeps a missing placeholder visible and never throws', () => {
    if (!login) throw new Error('USER_LOGIN missing from the catalog');
    const event = sampleEvent({ name: login.name, attributes: { user: 'ana', constructor: null } });
    expect(formatMessage(event)).toContain('{method}');
    expect(formatMessage(event)).toContain('ana');
  });

  it('renders non-string values as JSON and unknown events as their name', () => {
    const event = sampleEvent({ name: 'cmd-center-command', attributes: { cmd: { script: 'ls' } } });
    expect(formatMessage(event)).toContain('{"script":"ls"}');
    expect(formatMessage(sampleEvent({ name: 'future-event' }))).toBe('future-event');
    expect(formatMessage(sampleEvent({ name: 'future-event' }), { unknown: (e) => `? ${e.name}` })).toBe(
      '? future-event',
    );
  });
});

describe('event types', () => {
  it('narrow a known event by name to its typed attributes, and keep unknown names open', () => {
    const event: AuditEvent = sampleEvent({ name: 'some-future-event' });
    expectTypeOf<'user-login'>().toExtend<LineEventName>();
    expectTypeOf<'USER_LOGIN'>().toExtend<EventName>();
    expectTypeOf<AuditEventOf<'user-login'>['attributes']['method']>().toEqualTypeOf<string | undefined>();
    expect(isKnownEvent(event)).toBe(false);
    const known: AuditEvent = sampleEvent();
    if (isKnownEvent(known) && (known.name === 'cmd-center-command' || known.name === 'CMD_CENTER_COMMAND')) {
      expectTypeOf(known.attributes.cmd).toEqualTypeOf<string | undefined>();
      expect(known.attributes.cmd).toBe('groovy');
    } else {
      throw new Error('the first example line should be a known cmd-center-command event');
    }
  });
});
