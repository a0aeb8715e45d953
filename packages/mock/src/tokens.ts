/**
 * Dev credentials the mock accepts. The mock decodes tokens but never verifies signatures:
 * it is a development tool, and real keys must never be needed to build a console against it.
 */
import { base64url, decodeBase64, randomHex } from './base64.js';
import { auditQuery, zoho } from './generated/spec-facts.gen.js';

/** The OAuth client id and JWT audience of the audit query service (seed: `medallia_audit_query`). */
export const AUDIT_QUERY_AUDIENCE = 'medallia_audit_query';
/** The role the seed requires for the audit query API (the spec's `x-required-role`). */
export const AUDIT_ROLE_NAME: string = auditQuery.auditRole.name;
/** Role ids that stand for that role when a token's roles carry no name, as the seed's do (`x-required-role-ids`). */
export const AUDIT_ROLE_IDS: readonly string[] = auditQuery.auditRole.ids;
/** Every Zoho scope the spec's operations ask for (each operation's `security`). */
export const ZOHO_SCOPES: readonly string[] = [...new Set(Object.values(zoho.scopes).flat())];

function b64url(value: unknown): string {
  return base64url(JSON.stringify(value));
}

/** Options for {@link mintDevToken}. */
export interface DevTokenOptions {
  /**
   * The company the id_token names (`company` claim). Unless the mock's `auditQuery.tenants`
   * lists it, its one tenant id is this name, so requests send it as `tenantId`.
   */
  tenant: string;
  /** Username in the token (default `dev.user`). */
  username?: string;
  /** Include the Medallia Audit Role (default true); false mints a token that gets 403. */
  auditRole?: boolean;
  /** Lifetime in seconds (default 3600). */
  expiresIn?: number;
  /** Issue time in epoch ms (default now); the mock compares `exp` with its own clock. */
  now?: number;
}

/** Audit query credentials: send `Authorization: Bearer <accessToken>` and `api_token: <idToken>`. */
export interface DevCredentials {
  /** Opaque OAuth access token (the rate limits are counted per access token). */
  accessToken: string;
  /** An unsigned JWT (`alg: none`) shaped like the seed's id_token. */
  idToken: string;
  /** Ready-made request headers. */
  headers: { authorization: string; api_token: string };
}

/** Mints audit query dev credentials for one tenant (unsigned JWT id_token plus access token). */
export function mintDevToken(options: DevTokenOptions): DevCredentials {
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  const username = options.username ?? 'dev.user';
  const header = { typ: 'JWT', alg: 'none', kid: 'audit-export-mock' };
  const payload = {
    sub: '301',
    given_name: 'Dev',
    family_name: 'User',
    email: `${username}@example.com`,
    preferred_username: username,
    aud: AUDIT_QUERY_AUDIENCE,
    iss: `https://${options.tenant}.mock.invalid/oauth/${options.tenant}`,
    iat: now,
    exp: now + (options.expiresIn ?? 3600),
    name: `User, Dev (${username})`,
    company: options.tenant,
    companyName: options.tenant,
    primaryRole: options.auditRole === false ? 'Viewer' : 'AuditAdmin',
    isInternalAdmin: false,
    roles:
      options.auditRole === false
        ? []
        : [{ id: AUDIT_ROLE_IDS[0] ?? 'audit', uuid: 'd9cf2d84-8644-4a67-b94d-455428f2d6b8', name: AUDIT_ROLE_NAME }],
    capabilities: [],
    email_verified: true,
    auth_time: now,
  };
  // `alg: none` says it is unsigned; the third part is a fixed marker rather than empty so that
  // clients which insist on three non-empty JWT parts (as the seed's token has) still parse it.
  const idToken = `${b64url(header)}.${b64url(payload)}.${base64url('unsigned-mock')}`;
  const accessToken = randomHex(15);
  return { accessToken, idToken, headers: { authorization: `Bearer ${accessToken}`, api_token: idToken } };
}

/** Decodes a JWT's payload without verifying it; undefined when it is not a well-formed JWT. */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1]) return undefined;
  try {
    const payload: unknown = JSON.parse(decodeBase64(parts[1]) ?? '');
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Options for {@link mintZohoToken}. */
export interface ZohoTokenOptions {
  /** Organization id (default `15515278`, as in the seed's download links). */
  org?: string;
  /** Scopes granted (default: all of {@link ZOHO_SCOPES}). */
  scopes?: readonly string[];
  /** User id and name recorded as `created_by` (default a fixed dev user). */
  user?: { id: string; name: string };
  /** `Administrator` sees every entry; any other profile only its own (default Administrator). */
  profile?: string;
  /** The profile's permission to export audit logs (default true); false gets 403 `NO_PERMISSION` on every operation. */
  auditLogPermission?: boolean;
}

/** What a Zoho mock token carries once decoded. */
export interface ZohoTokenClaims {
  org: string;
  scopes: string[];
  user: { id: string; name: string };
  profile: string;
  /** Whether the user's profile may export audit logs. */
  auditLogPermission: boolean;
}

/** Mints a Zoho OAuth token the mock accepts: send `Authorization: Zoho-oauthtoken <token>`. */
export function mintZohoToken(options: ZohoTokenOptions = {}): string {
  const claims: ZohoTokenClaims = {
    org: options.org ?? '15515278',
    scopes: [...(options.scopes ?? ZOHO_SCOPES)],
    user: options.user ?? { id: '2276164000000471001', name: 'Patricia' },
    profile: options.profile ?? 'Administrator',
    auditLogPermission: options.auditLogPermission ?? true,
  };
  // Shaped like Zoho's `1000.<hex>.<hex>` tokens, with the claims in the middle part.
  return `1000.${b64url(claims)}.${randomHex(16)}`;
}

/** Decodes a token minted by {@link mintZohoToken}; undefined when it is not one. */
export function decodeZohoToken(token: string): ZohoTokenClaims | undefined {
  const m = /^1000\.([A-Za-z0-9_-]+)\.[0-9a-f]+$/.exec(token);
  if (!m?.[1]) return undefined;
  try {
    const c = JSON.parse(decodeBase64(m[1]) ?? '') as Partial<ZohoTokenClaims>;
    if (typeof c.org !== 'string' || !Array.isArray(c.scopes) || typeof c.user?.id !== 'string') return undefined;
    return {
      org: c.org,
      scopes: c.scopes.map(String),
      user: c.user,
      profile: String(c.profile ?? 'Standard'),
      // Only an explicit false takes the permission away: tokens minted before the claim keep it.
      auditLogPermission: c.auditLogPermission !== false,
    };
  } catch {
    return undefined;
  }
}
