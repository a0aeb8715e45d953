import createClient, { type Client } from 'openapi-fetch';
import { basicCredentials, type CredentialsOption, credentialSource } from '../core/auth.js';
import { InvalidArgumentError } from '../core/errors.js';
import { createRedactor, scrubbedClient, scrubbedFetch } from '../core/redactor.js';
import { createTransport, type TransportOptions } from '../core/transport.js';
import { unwrap } from '../core/unwrap.js';
import { type components, type operations, type paths, specValues } from '../generated/audit-resource.gen.js';

/** The JSON answer `{audit: [...]}`. */
export type AuditResult = components['schemas']['AuditResult'];
/** One audit record. */
export type AuditRecord = components['schemas']['Audit'];
type Query = NonNullable<operations['getAuditLog']['parameters']['query']>;

/** Credentials of the audit resource: HTTP Basic, or the servlet session cookie; omit in a browser that has the session. */
export type AuditResourceCredentials = { username: string; password: string } | { sessionId: string };

/** Options of createAuditResourceClient. */
export interface AuditResourceClientOptions extends TransportOptions {
  /** Base URL the `/audit` path hangs from. */
  baseUrl: string;
  /** Basic credentials or a session id (or a provider of either); omit to rely on the browser's cookie. */
  auth?: CredentialsOption<AuditResourceCredentials>;
}

/** Filters of listAudits (typed from the spec's parameters). */
export interface AuditFilters {
  action?: Query['action'];
  resultCode?: Query['resultCode'];
  /** On or after this day: a Date (its UTC day), `mm/dd/yyyy` or `yyyy-mm-dd`. */
  startDate?: Date | string;
  /** On or before this day, same forms. */
  stopDate?: Date | string;
  userName?: string;
  signal?: AbortSignal;
}

/** The audit resource client. */
export interface AuditResourceClient {
  /** The openapi-fetch client (same transport). */
  readonly raw: Client<paths>;
  /** Lists audit records as JSON. */
  listAudits(filters?: AuditFilters): Promise<AuditRecord[]>;
  /** The same list as the API's XML document, unparsed. */
  listAuditsXml(filters?: AuditFilters): Promise<string>;
}

const usDate = new RegExp(specValues.patterns.UsDate);

/** Formats a day as the API's `mm/dd/yyyy` (a Date's UTC day; `yyyy-mm-dd` converted; `mm/dd/yyyy` checked). */
export function toUsDate(value: Date | string, name = 'date'): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidArgumentError(`${name} is an invalid Date.`);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${pad(value.getUTCMonth() + 1)}/${pad(value.getUTCDate())}/${value.getUTCFullYear()}`;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const candidate = iso ? `${iso[2]}/${iso[3]}/${iso[1]}` : value;
  if (!usDate.test(candidate)) {
    throw new InvalidArgumentError(
      `${name} ${JSON.stringify(value)} is not a day: use a Date, mm/dd/yyyy or yyyy-mm-dd.`,
    );
  }
  return candidate;
}

function toQuery(filters: AuditFilters): Query {
  const query: Query = {};
  if (filters.action !== undefined) query.action = filters.action;
  if (filters.resultCode !== undefined) query.resultCode = filters.resultCode;
  if (filters.startDate !== undefined) query.startDate = toUsDate(filters.startDate, 'startDate');
  if (filters.stopDate !== undefined) query.stopDate = toUsDate(filters.stopDate, 'stopDate');
  if (filters.userName !== undefined) query.userName = filters.userName;
  return query;
}

/** Creates an audit resource client. */
export function createAuditResourceClient(options: AuditResourceClientOptions): AuditResourceClient {
  const credentials = options.auth === undefined ? undefined : credentialSource(options.auth, 'audit resource');
  const transport = createTransport({
    ...options,
    canRefreshAuth: credentials?.canRefresh ?? false,
    async authenticate(headers, request) {
      if (!credentials) return [];
      const value = await credentials.get(request);
      if ('sessionId' in value) {
        headers.set('Cookie', `JSESSIONID=${value.sessionId}`);
        return [value.sessionId];
      }
      const basic = basicCredentials(value.username, value.password);
      headers.set('Authorization', `Basic ${basic}`);
      return [value.password, basic];
    },
    isCreate: () => false,
    isDownload: () => false,
  });
  const redactor = createRedactor(transport.secrets);
  const raw = createClient<paths>({ baseUrl: options.baseUrl, fetch: scrubbedFetch(transport.fetch, redactor) });
  const context = (signal: AbortSignal | undefined) => ({
    method: 'GET',
    path: '/audit',
    signal,
    secrets: transport.secrets,
  });
  const client: AuditResourceClient = {
    raw,
    async listAudits(filters = {}) {
      const result = await unwrap(
        raw.GET('/audit', {
          params: { query: toQuery(filters) },
          headers: { Accept: 'application/json' },
          signal: filters.signal ?? null,
        }),
        context(filters.signal),
      );
      return (result as AuditResult).audit ?? [];
    },
    async listAuditsXml(filters = {}) {
      return unwrap(
        raw.GET('/audit', {
          params: { query: toQuery(filters) },
          headers: { Accept: 'application/xml' },
          parseAs: 'text',
          signal: filters.signal ?? null,
        }),
        context(filters.signal),
      ) as Promise<string>;
    },
  };
  return scrubbedClient(client, redactor);
}
