import { describe, expect, it } from 'vitest';
import { catalog, serializeEvent } from '../src/data/catalog.js';
import { generateEvents } from '../src/index.js';
import { NOW } from './helpers.js';

const DAY = 86_400_000;
const base = { seed: 3, tenantId: 'acme', nowMs: NOW, retentionDays: 120 };

function lines(query: Parameters<typeof generateEvents>[0]): string[] {
  return [...generateEvents(query)].map((event) => serializeEvent(event));
}

describe('generateEvents', () => {
  it('gives the same bytes for the same seed, and different bytes for another seed', () => {
    const q = { ...base, startMs: NOW - 2 * DAY, endMs: NOW };
    expect(lines(q).join('\n')).toBe(lines(q).join('\n'));
    expect(lines({ ...q, seed: 4 }).join('\n')).not.toBe(lines(q).join('\n'));
  });

  it('covers every catalog event with the attributes its template names', () => {
    const events = [...generateEvents({ ...base, startMs: NOW - 7 * DAY, endMs: NOW })];
    for (const entry of catalog) {
      const sample = events.find((e) => e.name === entry.lineName);
      expect(sample, entry.name).toBeDefined();
      const placeholders = [...entry.template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const name of placeholders) expect(Object.keys(sample?.attributes ?? {})).toContain(name);
    }
  });

  it('never returns events older than the retention or newer than now', () => {
    const events = [...generateEvents({ ...base, startMs: NOW - 200 * DAY, endMs: NOW + DAY })];
    const times = events.map((e) => Date.parse(e.timestamp));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW - 120 * DAY);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW);
  });

  it('treats windows as half-open, so adjacent windows neither share nor skip an event', () => {
    const mid = NOW - DAY - 1234;
    const whole = lines({ ...base, startMs: NOW - 2 * DAY, endMs: NOW });
    const split = [
      ...lines({ ...base, startMs: NOW - 2 * DAY, endMs: mid }),
      ...lines({ ...base, startMs: mid, endMs: NOW }),
    ];
    expect(split).toEqual(whole);
  });

  it('applies every filter with logical AND, attribute pairs by position', () => {
    const all = [...generateEvents({ ...base, startMs: NOW - 3 * DAY, endMs: NOW })];
    const pick = all.find((e) => e.name === 'cmd-center-command');
    const cmd = String(pick?.attributes.cmd);
    const filtered = [
      ...generateEvents({
        ...base,
        startMs: NOW - 3 * DAY,
        endMs: NOW,
        filters: { category: 'security', application: 'express', attributes: [['cmd', cmd]] },
      }),
    ];
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toEqual(
      all.filter(
        (e) => e.category === 'security' && e.application === 'com.medallia.express' && e.attributes.cmd === cmd,
      ),
    );
    const user = all[0]?.username ?? '';
    const byUser = [...generateEvents({ ...base, startMs: NOW - 3 * DAY, endMs: NOW, filters: { username: user } })];
    expect(byUser.every((e) => e.username === user)).toBe(true);
  });
});
