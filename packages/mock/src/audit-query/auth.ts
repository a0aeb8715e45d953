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
 * What the credentials say, apart from expiry (the one check that depends on the clock).
 * `verdict` is the answer for a token that has not expired; `exp` is checked first when set.
 */
interface Decoded {
  /** Refusal found before the expiry check (so it holds whatever the time). */
  early: AuthResult | undefined;
  /** `exp` claim in seconds, when numeric. */
  exp: number | undefined;
  /** The answer once the token is known not to have expired. */
  verdict: AuthResult;
}

function refuse(status: 401 | 403, reason: string): AuthResult {
  return { ok: false, status, reason };
}

function decode(authorization: string, apiToken: string | string[] | undefined): Decoded {
  const none = { exp: undefined, verdict: refuse(401, 'unreachable') };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (!bearer) return { ...none, early: refuse(401, 'missing Authorization: Bearer <access_token>') };
  if (typeof apiToken !== 'string' || apiToken === '')
    return { ...none, early: refuse(401, 'missing api_token header') };
  const claims = decodeJwtPayload(apiToken.trim());
  if (!claims) return { ...none, early: refuse(401, 'api_token is not a JWT') };
  const aud = claims.aud;
  if (aud !== AUDIT_QUERY_AUDIENCE && !(Array.isArray(aud) && aud.includes(AUDIT_QUERY_AUDIENCE))) {
    return { ...none, early: refuse(401, `api_token audience is not ${AUDIT_QUERY_AUDIENCE}`) };
  }
  const exp = typeof claims.exp === 'number' ? claims.exp : undefined;
  if (typeof claims.company !== 'string' || claims.company === '') {
    return { early: undefined, exp, verdict: refuse(401, 'api_token has no company claim') };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  const hasRole = roles.some(
    (r) => typeof r === 'object' && r !== null && (r as { name?: unknown }).name === AUDIT_ROLE_NAME,
  );
  // The seed's own sample token is an internal admin whose roles carry no names: let admins through.
  if (!hasRole && claims.isInternalAdmin !== true) {
    return { early: undefined, exp, verdict: refuse(403, 'no Medallia Audit Role') };
  }
  return { early: undefined, exp, verdict: { ok: true, caller: { accessToken: bearer, company: claims.company } } };
}

/** How many distinct credential pairs stay decoded; a full cache starts over (clients reuse a few tokens). */
export const DECODED_MAX = 1024;

/**
 * Reads both credentials. Signatures are not verified (this is a mock); shape, audience,
 * expiry against the mock's clock, the `company` claim and the Medallia Audit Role are.
 * A client sends the same headers on every request, so the decoded tokens are kept, keyed by
 * the header strings, in a bounded map; only expiry is judged afresh each time.
 */
export class Authenticator {
  // api_token → Authorization → decoded: nested rather than one concatenated key, which would
  // copy the ~1 KB token into a new string on every request.
  private readonly decoded = new Map<string, Map<string, Decoded>>();
  private count = 0;

  /** How many entries are kept (at most DECODED_MAX). */
  get size(): number {
    return this.count;
  }

  /** The caller, or the status and reason to refuse. */
  authenticate(req: IncomingMessage, now: number): AuthResult {
    const authorization = req.headers.authorization ?? '';
    const apiToken = req.headers.api_token;
    let d: Decoded | undefined;
    if (typeof apiToken === 'string') {
      let byAuthorization = this.decoded.get(apiToken);
      d = byAuthorization?.get(authorization);
      if (!d) {
        d = decode(authorization, apiToken);
        if (this.count >= DECODED_MAX) {
          this.decoded.clear();
          this.count = 0;
          byAuthorization = undefined;
        }
        if (!byAuthorization) {
          byAuthorization = new Map();
          this.decoded.set(apiToken, byAuthorization);
        }
        byAuthorization.set(authorization, d);
        this.count++;
      }
    } else d = decode(authorization, apiToken);
    if (d.early) return d.early;
    if (d.exp !== undefined && d.exp * 1000 <= now) return refuse(401, 'api_token expired');
    return d.verdict;
  }
}
