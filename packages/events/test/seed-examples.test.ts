import { describe, expect, it } from 'vitest';
import { findEvent, formatMessage, parseJsonl, validateEvent } from '../src/index.js';
import { collect, specExampleLines, specJsonlExamples } from './helpers.js';

describe("the spec's JSONL examples (from the seed)", () => {
  const lines = specExampleLines();

  it('exist', () => {
    expect(specJsonlExamples().length).toBeGreaterThan(0);
    expect(lines.length).toBeGreaterThan(0);
  });

  it.each(lines.map((line, index) => [index + 1, line] as const))('line %i parses and validates', async (_, line) => {
    const [event] = await collect(parseJsonl(`${line}\n`));
    expect(event).toEqual(JSON.parse(line));
    expect(validateEvent(event)).toMatchObject({ valid: true });
    expect(findEvent(String(event?.name))).toBeDefined();
    expect(formatMessage(event as NonNullable<typeof event>)).not.toMatch(/\{cmd\}/);
  });

  it('parse as whole documents, as the result endpoint serves them', async () => {
    for (const example of specJsonlExamples()) {
      const events = parseJsonl(example);
      const parsed = await collect(events);
      expect(parsed.length).toBe(events.stats.events);
      expect(events.stats.skipped).toBe(0);
    }
  });
});
