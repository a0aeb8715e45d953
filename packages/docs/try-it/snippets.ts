// "Copy as curl" and "copy as client code" of the call the panel is about to send. Credentials are
// written as environment variables ($ACCESS_TOKEN), never as their values: a copied command holds no secret.
import type { CredentialModel, OperationModel } from '../src/try-it/model.js';
import type { PreparedRequest } from './request.js';
import { coerce, fieldKey } from './request.js';

/** The client option a credential fills (`accessToken`, `apiToken`, `username`…). */
export function authField(credential: CredentialModel, part?: 'username' | 'password'): string {
  if (part) return part;
  if (credential.header.toLowerCase() === 'authorization') return 'accessToken';
  return credential.header.replace(/[-_]+([a-z0-9])/gi, (_, letter: string) => letter.toUpperCase());
}

/** The environment variable a snippet reads a credential from (`ACCESS_TOKEN`, `API_TOKEN`, `API_USER`). */
export function envName(credential: CredentialModel, part?: 'username' | 'password'): string {
  if (part === 'username') return 'API_USER';
  if (part === 'password') return 'API_PASSWORD';
  return authField(credential)
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase();
}

/** Single-quotes a word for POSIX shells. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The call as a curl command; a CSV or ZIP answer is written to a file. */
export function curlOf(request: PreparedRequest, credentials: readonly CredentialModel[], saveAs?: string): string {
  const lines = [`curl${request.method === 'GET' ? '' : ` -X ${request.method}`} ${shellQuote(request.url)}`];
  for (const credential of credentials) {
    lines.push(
      credential.kind === 'basic'
        ? `-u "$${envName(credential, 'username')}:$${envName(credential, 'password')}"`
        : `-H "${credential.header}: ${credential.prefix}$${envName(credential)}"`,
    );
  }
  for (const [name, value] of Object.entries(request.headers)) lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (request.body !== undefined) lines.push(`--data-raw ${shellQuote(request.body)}`);
  if (saveAs) lines.push(`-o ${shellQuote(saveAs)}`);
  return lines.join(' \\\n  ');
}

/** `audit-query` → `createAuditQueryClient`, the factory of the client's entry point of the same name. */
export function factoryName(apiId: string): string {
  return `create${apiId.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase())}Client`;
}

/** The call with `@audit-export/client`: its factory for the API and the typed openapi-fetch `raw` client. */
export function clientCodeOf(
  apiId: string,
  operation: OperationModel,
  base: string,
  values: Record<string, string>,
  options: { bodyText?: string; accept?: string; parseAs?: 'text' | 'blob' | 'stream' } = {},
): string {
  const auth = operation.credentials
    .flatMap((credential) =>
      credential.kind === 'basic'
        ? (['username', 'password'] as const).map(
            (part) => `${authField(credential, part)}: process.env.${envName(credential, part)} ?? ''`,
          )
        : [`${authField(credential)}: process.env.${envName(credential)} ?? ''`],
    )
    .join(', ');
  const params: Record<string, Record<string, unknown>> = {};
  for (const parameter of operation.parameters) {
    const text = values[fieldKey(parameter)] ?? '';
    if (text === '') continue;
    params[parameter.in] ??= {};
    (params[parameter.in] as Record<string, unknown>)[parameter.name] = coerce(text, parameter.type);
  }
  const init: string[] = [];
  if (Object.keys(params).length > 0) init.push(`params: ${JSON.stringify(params)}`);
  if (operation.body && options.bodyText?.trim()) init.push(`body: ${options.bodyText.trim()}`);
  if (options.accept) init.push(`headers: { Accept: ${JSON.stringify(options.accept)} }`);
  if (options.parseAs) init.push(`parseAs: '${options.parseAs}'`);
  const method = operation.method.toUpperCase();
  return `import { ${factoryName(apiId)} } from '@audit-export/client/${apiId}';

const client = ${factoryName(apiId)}({
  baseUrl: ${JSON.stringify(base)},
  auth: { ${auth} },
});
const { data, error, response } = await client.raw.${method}(${JSON.stringify(operation.path)}, {
  ${init.join(',\n  ')}
});
console.log(response.status, data ?? error);
`;
}
