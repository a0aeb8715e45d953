import { describe, expect, it } from 'vitest';
import { isAuditEvent, validateEvent } from '../src/index.js';
import { sampleEvent } from './helpers.js';

describe('validateEvent', () => {
  it('accepts a valid event, extra fields and unknown event names included', () => {
    expect(validateEvent(sampleEvent())).toMatchObject({ valid: true, issues: [] });
    expect(validateEvent(sampleEvent({ name: 'brand-new-event', addedLater: 1 })).valid).toBe(true);
  });

  it('accepts both timestamp forms of the spec', () => {
    expect(validateEvent(sampleEvent({ timestamp: '2024-01-01 11:30:00-0800' })).valid).toBe(true);
    expect(validateEvent(sampleEvent({ timestamp: '2024-09-16T05:00:00z' })).valid).toBe(true);
  });

  it.each([
    ['a missing required field', { eventId: undefined }, '/'],
    ['a malformed eventId', { eventId: 'nope' }, '/eventId'],
    ['an unparseable timestamp', { timestamp: 'yesterday' }, '/timestamp'],
    ['attributes that are not an object', { attributes: 'x' }, '/attributes'],
  ])('rejects %s with issues naming the path', (_, overrides, path) => {
    const event = JSON.parse(JSON.stringify(sampleEvent(overrides)));
    const result = validateEvent(event);
    expect(result.valid).toBe(false);
    expect(result.issues[0]?.path).toBe(path);
    expect(isAuditEvent(event)).toBe(false);
  });

  it('rejects values that are not objects', () => {
    for (const value of [null, 1, 'x', []]) expect(validateEvent(value).valid).toBe(false);
  });
});
