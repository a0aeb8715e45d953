#!/usr/bin/env node
/**
 * `audit-export-mock [--port <n>] [--host <h>] [--seed <n>] [--config <file>] [--scenario <name>] [--clock-factor <n>] [--quiet]` serves the mock;
 * `audit-export-mock token --tenant <id> [--zoho] [--json]` mints dev credentials it accepts.
 */
import { parseArgs } from 'node:util';
import { MockConfigError } from './config.js';
import { faultHelp } from './fault-usage.js';
import { loadConfigFile } from './node/config-file.js';
import { createMockServer } from './server.js';
import { mintDevToken, mintZohoToken } from './tokens.js';

const USAGE = `Usage:
  audit-export-mock [--port 4010] [--host 127.0.0.1] [--seed 1] [--config mock.json] [--scenario happy] [--clock-factor 1] [--quiet]
  audit-export-mock token --tenant <id> [--json]     audit query credentials (Bearer + api_token)
  audit-export-mock token --zoho [--org <id>] [--json]  a Zoho-oauthtoken with every scope`;

function number(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new MockConfigError(`--${name} must be a non-negative integer, got "${text}"`);
  return n;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      config: { type: 'string' },
      quiet: { type: 'boolean' },
      scenario: { type: 'string' },
      'clock-factor': { type: 'string' },
      tenant: { type: 'string' },
      zoho: { type: 'boolean' },
      org: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(`${USAGE}\n\n${faultHelp()}`);
    return;
  }
  if (positionals[0] === 'token') {
    if (values.zoho) {
      const token = mintZohoToken(values.org ? { org: values.org } : {});
      console.log(values.json ? JSON.stringify({ zohoToken: token }) : `Authorization: Zoho-oauthtoken ${token}`);
      return;
    }
    if (!values.tenant)
      throw new MockConfigError(
        "token needs --tenant <id> (the token's company; unless config auditQuery.tenants lists it, also the tenantId your requests name)",
      );
    const creds = mintDevToken({ tenant: values.tenant });
    if (values.json) console.log(JSON.stringify(creds));
    else console.log(`ACCESS_TOKEN=${creds.accessToken}\nAPI_TOKEN=${creds.idToken}`);
    return;
  }
  if (positionals.length > 0) throw new MockConfigError(`Unknown command "${positionals[0]}".\n${USAGE}`);
  const config = values.config ? loadConfigFile(values.config) : {};
  // The flags win over the file; unknown names and bad factors are refused by the engine.
  if (values.scenario !== undefined) config.scenario = values.scenario;
  if (values['clock-factor'] !== undefined) config.clockFactor = Number(values['clock-factor']);
  const server = await createMockServer({
    host: values.host ?? '127.0.0.1',
    port: number('port', values.port, 4010),
    seed: number('seed', values.seed, 1),
    config,
    log: !values.quiet,
  });
  console.log(`audit-export-mock listening on ${server.url} (seed ${number('seed', values.seed, 1)})`);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const e = error as { code?: string; message?: string };
  console.error(`audit-export-mock: ${e.message ?? String(error)}${e.code ? ` [${e.code}]` : ''}`);
  process.exit(1);
});
