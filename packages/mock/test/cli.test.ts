import { execFile, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { FAULT_KIND_NAMES, FAULT_KINDS } from '../src/fault-kinds.js';

const run = promisify(execFile);
// The committed bin shim the package.json `bin` names (it imports dist/cli.js).
const cli = new URL('../bin/audit-export-mock.js', import.meta.url).pathname;

describe('audit-export-mock', () => {
  it('is a committed file the package.json bin points at, so installing before a build links it', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.bin).toEqual({ 'audit-export-mock': './bin/audit-export-mock.js' });
    expect(pkg.files).toContain('bin');
    expect(await readFile(cli, 'utf8')).toBe("#!/usr/bin/env node\nimport '../dist/cli.js';\n");
  });

  it('mints credentials the server accepts, and serves on the port it is given', async () => {
    const { stdout } = await run(process.execPath, [cli, 'token', '--tenant', 'acme', '--json']);
    const creds = JSON.parse(stdout) as { headers: Record<string, string> };
    const child = spawn(process.execPath, [cli, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout?.on('data', (d: Buffer) => {
          const m = /listening on (http:\/\/\S+)/.exec(d.toString());
          if (m?.[1]) resolve(m[1]);
        });
        child.on('exit', (code) => reject(new Error(`cli exited with ${code}`)));
      });
      const res = await fetch(`${url}/audit-query-service/v2/export/status/x`, { headers: creds.headers });
      expect(res.status).toBe(404);
    } finally {
      child.kill();
    }
  });

  it('explains a missing --tenant with an error code and exit status 1', async () => {
    await expect(run(process.execPath, [cli, 'token'])).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('token needs --tenant <id>'),
    });
  });

  it('prints every fault part of the table with --help', async () => {
    const { stdout } = await run(process.execPath, [cli, '--help']);
    for (const kind of FAULT_KIND_NAMES)
      for (const part of FAULT_KINDS[kind].parts)
        expect(stdout).toContain(part.syntax ? `${part.key}=${part.syntax}` : part.key);
  });
});
