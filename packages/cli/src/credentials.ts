/**
 * Where the tokens come from: `--token-command` (run on start and whenever the API answers 401, like AWS's
 * credential_process), `--credentials FILE` (refused when others can read it), or the environment. Every token
 * read is remembered by the scrubber, so none reaches a log, an error, the output, a checkpoint or the state.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import type { TokenRequest } from '@audit-export/client';
import type { ApiName } from './apis.js';
import { FailedError, UsageError } from './errors.js';
import { rememberSecret, scrub } from './secrets.js';

/** The tokens of either API (`apiToken` only for the audit query). */
export interface Credentials {
  accessToken: string;
  apiToken?: string;
}

/** Where the flags say credentials come from. */
export interface CredentialFlags {
  credentials?: string | undefined;
  tokenCommand?: string | undefined;
}

/** A credentials value or provider, as the clients take it. */
export type CredentialsOption = Credentials | ((request: TokenRequest) => Promise<Credentials>);

/** The environment variables each API reads. */
export const CREDENTIAL_ENV: Readonly<Record<ApiName, readonly string[]>> = {
  'audit-query': ['AUDIT_QUERY_ACCESS_TOKEN', 'AUDIT_QUERY_API_TOKEN'],
  zoho: ['ZOHO_ACCESS_TOKEN'],
};

const TOKEN_COMMAND_TIMEOUT_MS = 60_000;

/** The credentials the flags and environment name; checked (and a token command run once) before any output is touched. */
export async function resolveCredentials(
  api: ApiName,
  flags: CredentialFlags,
  env: NodeJS.ProcessEnv,
): Promise<CredentialsOption> {
  if (flags.tokenCommand !== undefined) {
    const command = flags.tokenCommand;
    let current = await runTokenCommand(api, command);
    return async ({ forceRefresh }) => {
      if (forceRefresh) current = await runTokenCommand(api, command);
      return current;
    };
  }
  if (flags.credentials !== undefined) return readCredentialFile(api, flags.credentials);
  const [accessName, apiName] = CREDENTIAL_ENV[api];
  const accessToken = env[accessName as string];
  const apiToken = apiName === undefined ? undefined : env[apiName];
  if (!accessToken || (apiName !== undefined && !apiToken)) {
    const missing = CREDENTIAL_ENV[api].filter((name) => !env[name]).join(' and ');
    throw new UsageError(
      `No credentials for ${api}: set ${missing}, or pass --credentials FILE (JSON, mode 600) or --token-command CMD.`,
      { flag: '--credentials', code: 'CREDENTIALS_MISSING' },
    );
  }
  return checked(api, { accessToken, ...(apiToken === undefined ? {} : { apiToken }) }, `the environment`);
}

/** Reads `{ "accessToken": …, "apiToken": … }` (or `idToken`) from a file nobody else can read. */
function readCredentialFile(api: ApiName, file: string): Credentials {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch {
    throw new UsageError(`--credentials ${file}: no such file; create it with the tokens as JSON (chmod 600).`, {
      flag: '--credentials',
      code: 'CREDENTIALS_FILE',
    });
  }
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new UsageError(
      `--credentials ${file} can be read by others (mode ${(mode & 0o777).toString(8)}): run chmod 600 ${file}, then try again.`,
      { flag: '--credentials', code: 'CREDENTIALS_FILE_OPEN' },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // The parser's message may quote the file's content: a token. Say only where to look.
    throw new UsageError(`--credentials ${file} is not JSON: write ${shapeOf(api)}.`, {
      flag: '--credentials',
      code: 'CREDENTIALS_FILE',
    });
  }
  return checked(api, parsed, `--credentials ${file}`);
}

/** Runs the token command through the shell; its stdout is the credentials JSON. */
async function runTokenCommand(api: ApiName, command: string): Promise<Credentials> {
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn(command, { shell: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), TOKEN_COMMAND_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.once('error', reject);
    child.once('close', (exit) => {
      clearTimeout(timer);
      resolve({ code: exit, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  }).catch((error: unknown) => {
    throw new FailedError(`--token-command could not be started: ${scrub(String(error))}`, {
      code: 'TOKEN_COMMAND_FAILED',
    });
  });
  if (code !== 0) {
    throw new FailedError(
      `--token-command exited with ${code === null ? 'a signal (or its 60 s timeout)' : `code ${code}`}; run it yourself to see why.`,
      { code: 'TOKEN_COMMAND_FAILED' },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new FailedError(`--token-command printed something that is not JSON: it must print ${shapeOf(api)}.`, {
      code: 'TOKEN_COMMAND_FAILED',
    });
  }
  return checked(api, parsed, '--token-command', FailedError);
}

/** The tokens of `value`, remembered for scrubbing; an error naming `source` when a token is missing. */
function checked(
  api: ApiName,
  value: unknown,
  source: string,
  Failure: typeof UsageError | typeof FailedError = UsageError,
): Credentials {
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const accessToken = record.accessToken;
  // `idToken` is the OpenID name of the same token (what `audit-export-mock token --json` prints).
  const apiToken = record.apiToken ?? record.idToken;
  const needsApiToken = api === 'audit-query';
  if (typeof accessToken === 'string' && accessToken) rememberSecret(accessToken);
  if (typeof apiToken === 'string' && apiToken) rememberSecret(apiToken);
  if (
    typeof accessToken !== 'string' ||
    !accessToken ||
    (needsApiToken && (typeof apiToken !== 'string' || !apiToken))
  ) {
    const message = `${source} has no ${needsApiToken ? 'accessToken and apiToken' : 'accessToken'}: it must give ${shapeOf(api)}.`;
    throw Failure === UsageError
      ? new UsageError(message, { flag: source.split(' ')[0] as string, code: 'CREDENTIALS_MISSING' })
      : new FailedError(message, { code: 'TOKEN_COMMAND_FAILED' });
  }
  return needsApiToken ? { accessToken, apiToken: apiToken as string } : { accessToken };
}

function shapeOf(api: ApiName): string {
  return api === 'audit-query' ? '{"accessToken": "…", "apiToken": "…"}' : '{"accessToken": "…"}';
}
