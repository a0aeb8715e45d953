import type { Client } from 'openapi-fetch';
import { basicCredentials, type CredentialsOption } from '../core/auth.js';
import { type ApiAccess, setUpClient } from '../core/client-setup.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { TransportOptions } from '../core/transport.js';
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

/** How the audit resource is called: Basic credentials, a session cookie, or none (a browser with the session). */
const auditResourceAccess: ApiAccess<AuditResourceCredentials> = {
  name: 'audit resource',
  sign(headers, credentials) {
    // No credentials: a browser that has the session sends its cookie itself.
    if (!credentials) return [];
    if ('sessionId' in credentials) {
      headers.set('Cookie', `JSESSIONID=${credentials.sessionId}`);
      return [credentials.sessionId];
    }
    const basic = basicCredentials(credentials.username, credentials.password);
    headers.set('Authorization', `Basic ${basic}`);
    return [credentials.password, basic];
  },
  isCreate: () => false,
  isDownload: () => false,
};

/** Creates an audit resource client. */
export function createAuditResourceClient(options: AuditResourceClientOptions): AuditResourceClient {
  const { raw, context, seal } = setUpClient<paths, AuditResourceCredentials>(options, auditResourceAccess);
  const client: AuditResourceClient = {
    raw,
    async listAudits(filters = {}) {
      const result = await unwrap(
        raw.GET('/audit', {
          params: { query: toQuery(filters) },
          headers: { Accept: 'application/json' },
          signal: filters.signal ?? null,
        }),
        context('GET', '/audit', undefined, filters.signal),
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
        context('GET', '/audit', undefined, filters.signal),
      ) as Promise<string>;
    },
  };
  return seal(client);
}
