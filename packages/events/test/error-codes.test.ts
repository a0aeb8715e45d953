// The error codes are one typed list (src/errors.ts); the README's table is held against it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { documentedMembers, errorCodeTable, tableStartingWith } from '@audit-export/testkit';
import { describe, expect, it } from 'vitest';
import * as events from '../src/index.js';

const codesFile = fileURLToPath(new URL('../src/errors.ts', import.meta.url));

describe('error codes', () => {
  it('the README lists every code with its class and meaning, and no other', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(tableStartingWith(readme, '| code | error | meaning |')).toBe(errorCodeTable(codesFile, 'EventsErrorCodes'));
  });

  it('names an error class this package exports', () => {
    const exported = events as unknown as Record<string, unknown>;
    for (const { name, type } of documentedMembers(codesFile, 'EventsErrorCodes')) {
      const found = exported[type.replace(/'/g, '')] as { prototype?: unknown } | undefined;
      expect(found?.prototype, `${name}: ${type}`).toBeInstanceOf(Error);
    }
  });
});
