import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { documentedMembers, errorCodeTable, tableStartingWith } from '../src/code-table.js';

const dir = mkdtempSync(join(tmpdir(), 'code-table-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A TypeScript file of the given text in the temp folder. */
function file(text: string): string {
  const path = join(dir, `codes-${Math.random().toString(36).slice(2)}.ts`);
  writeFileSync(path, text);
  return path;
}

describe('error code tables', () => {
  it('reads every member of the interface with its JSDoc, a doc over several lines or none at all', () => {
    const path = file(`
export interface Other { /** not this one */ X: 'A' }
export interface Codes {
  /** The first | one. */
  FIRST: 'OneError';
  /**
   * The second,
   * over two lines.
   */
  SECOND: 'OtherError';
  THIRD: 'OneError';
}`);
    expect(documentedMembers(path, 'Codes')).toEqual([
      { name: 'FIRST', type: "'OneError'", doc: 'The first | one.' },
      { name: 'SECOND', type: "'OtherError'", doc: 'The second,\nover two lines.' },
      { name: 'THIRD', type: "'OneError'", doc: '' },
    ]);
  });

  it('renders one row per code, and refuses a meaning that is missing or not one line', () => {
    const codes = (second: string) =>
      file(
        `export interface Codes {\n  /** The first | one. */\n  FIRST: 'OneError';\n${second}\n  SECOND: 'OtherError';\n}`,
      );
    expect(errorCodeTable(codes('  /** The second. */'), 'Codes').split('\n')).toEqual([
      '| code | error | meaning |',
      '| --- | --- | --- |',
      '| `FIRST` | `OneError` | The first \\| one. |',
      '| `SECOND` | `OtherError` | The second. |',
    ]);
    expect(() => errorCodeTable(codes(''), 'Codes')).toThrow(/Codes.SECOND .* needs a one-line meaning/);
    expect(() => errorCodeTable(codes('  /**\n   * Two\n   * lines.\n   */'), 'Codes')).toThrow(/one-line/);
  });

  it('refuses a file without the interface', () => {
    expect(() => documentedMembers(file('export type Codes = 1;'), 'Codes')).toThrow(/declares no interface Codes/);
  });

  it('finds a table by its header line, up to the first line that is not a row', () => {
    const markdown = 'intro\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\nafter\n| c |';
    expect(tableStartingWith(markdown, '| a | b |')).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
    expect(tableStartingWith(markdown, '| x |')).toBe('');
  });
});
