import { describe, expect, it } from 'vitest';
import { installFingerprint, readPins, toolPaths } from '../toolchain.mjs';

describe('readPins', () => {
  it('pins the current LTS, Node 24', () => {
    expect(readPins().node).toMatch(/^24\.\d+\.\d+$/);
  });
});

describe('installFingerprint', () => {
  it('changes when a pin changes', () => {
    const pins = readPins();
    expect(installFingerprint({ ...pins, pnpm: '0.0.0' })).not.toBe(installFingerprint(pins));
  });
});

describe('toolPaths', () => {
  it('keeps each pinned version in its own folder', () => {
    const a = toolPaths({ node: '24.0.0', pnpm: '10.0.0' });
    const b = toolPaths({ node: '24.0.1', pnpm: '10.0.0' });
    expect(a.node).not.toBe(b.node);
    expect(a.pnpm).toBe(b.pnpm);
  });
});
