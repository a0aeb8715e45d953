/** Audit query credentials: a Bearer access token plus an `api_token` id_token JWT naming a company. */
import type { IncomingMessage } from 'node:http';
import { AUDIT_QUERY_AUDIENCE, AUDIT_ROLE_NAME, decodeJwtPayload } from '../tokens.js';

/** Who is calling, once the credentials have been read. */
export interface AuditCaller {
  accessToken: string;
  company: string;
}

/** The outcome of reading credentials: a caller, or the status and reason to refuse. */
export type AuthResult = { ok: true; caller: AuditCaller } | { ok: false; status: 401 | 403; reason: string };

/**
 * Reads both credentials. Signatures are not verified (this is a mock); shape, audience,
 * expiry against the mock's clock, the `company` claim and the Medallia Audit Role are.
 */
export function authenticate(req: IncomingMessage, now: number): AuthResult {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
  const apiToken = req.headers.api_token;
  if (!bearer) return { ok: false, status: 401, reason: 'missing Authorization: Bearer <access_token>' };
  if (typeof apiToken !== 'string' || apiToken === '')
    return { ok: false, status: 401, reason: 'missing api_token header' };
  const claims = decodeJwtPayload(apiToken.trim());
  if (!claims) return { ok: false, status: 401, reason: 'api_token is not a JWT' };
  const aud = claims.aud;
  if (aud !== AUDIT_QUERY_AUDIENCE && !(Array.isArray(aud) && aud.includes(AUDIT_QUERY_AUDIENCE))) {
    return { ok: false, status: 401, reason: `api_token audience is not ${AUDIT_QUERY_AUDIENCE}` };
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 <= now)
    return { ok: false, status: 401, reason: 'api_token expired' };
  if (typeof claims.company !== 'string' || claims.company === '') {
    return { ok: false, status: 401, reason: 'api_token has no company claim' };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  const hasRole = roles.some(
    (r) => typeof r === 'object' && r !== null && (r as { name?: unknown }).name === AUDIT_ROLE_NAME,
  );
  // The seed's own sample token is an internal admin whose roles carry no names: let admins through.
  if (!hasRole && claims.isInternalAdmin !== true) return { ok: false, status: 403, reason: 'no Medallia Audit Role' };
  return { ok: true, caller: { accessToken: bearer, company: claims.company } };
}
