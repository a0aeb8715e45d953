// Completion scripts, generated from the command tree: bash completes commands, APIs, flags and flag values;
// the zsh script names every flag of every command.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectDone, runCli } from './helpers/cli.js';

async function script(shell: string): Promise<string> {
  const result = await runCli(['completion', shell]);
  expectDone(result);
  return result.stdout;
}

describe('completion', () => {
  it('bash: commands, APIs, flags and flag values', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cli-completion-')), 'audit-export.bash');
    writeFileSync(file, await script('bash'));
    const complete = (...words: string[]) =>
      execFileSync('bash', [
        '-c',
        `source "$1"; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]}-1)); _audit_export; printf '%s\\n' "\${COMPREPLY[@]}"`,
        'bash',
        file,
      ])
        .toString()
        .trim()
        .split('\n');
    expect(complete('audit-export', '')).toEqual(expect.arrayContaining(['pull', 'sync', 'check', 'completion']));
    expect(complete('audit-export', 'pull', '')).toEqual(['audit-query', 'zoho']);
    expect(complete('audit-export', 'pull', 'zoho', '--do')).toEqual(['--done-by']);
    expect(complete('audit-export', 'sync', 'zoho', '--out')).toEqual(['--out-dir']);
    expect(complete('audit-export', 'pull', 'zoho', '--log-format', '')).toEqual(['json', 'text']);
    expect(complete('audit-export', 'check', 'zoho', '--format', 'j')).toEqual(['json']);
  });

  it('zsh: a #compdef script with every flag of every command', async () => {
    const text = await script('zsh');
    expect(text.startsWith('#compdef audit-export\n')).toBe(true);
    const help = await runCli(['pull', '--help']);
    const flags = [...help.stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)]
      .map((m) => m[1] as string)
      .filter((f) => f !== '--help');
    expect(flags.length).toBeGreaterThan(15);
    const pull = /\n {4}pull\)\n(.*)\n/.exec(text)?.[1] ?? '';
    for (const flag of flags) expect(pull).toContain(`${flag}`);
    expect(pull).toContain("'*--attr=");
    expect(pull).toContain(':_files');
  });
});
