/** Audit query credentials: a Bearer access token plus an `api_token` id_token JWT naming a company. */
import type { RequestHeaders } from '../http.js';
import { AUDIT_QUERY_AUDIENCE, AUDIT_ROLE_IDS, AUDIT_ROLE_NAME, decodeJwtPayload } from '../tokens.js';

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
  /** `exp` claim in seconds. */
  exp: number;
  /** The answer once the token is known not to have expired. */
  verdict: AuthResult;
}

function refuse(status: 401 | 403, reason: string): AuthResult {
  return { ok: false, status, reason };
}

/** Whether one of `roles` is the Medallia Audit Role: by name, or by id when the role carries none (decision D18). */
function isAuditRole(role: unknown, roleIds: readonly string[]): boolean {
  if (typeof role !== 'object' || role === null) return false;
  const { name, id } = role as { name?: unknown; id?: unknown };
  return name === AUDIT_ROLE_NAME || (typeof id === 'string' && roleIds.includes(id));
}

function decode(authorization: string, apiToken: string | undefined, roleIds: readonly string[]): Decoded {
  const none = { exp: 0, verdict: refuse(401, 'unreachable') };
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
  // A token without a numeric expiry would never expire: refused like an expired one.
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp))
    return { ...none, early: refuse(401, 'api_token has no numeric exp claim') };
  const exp = claims.exp;
  if (typeof claims.company !== 'string' || claims.company === '') {
    return { early: undefined, exp, verdict: refuse(401, 'api_token has no company claim') };
  }
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  if (!roles.some((r) => isAuditRole(r, roleIds))) {
    return { early: undefined, exp, verdict: refuse(403, 'no Medallia Audit Role') };
  }
  return { early: undefined, exp, verdict: { ok: true, caller: { accessToken: bearer, company: claims.company } } };
}

/** How many distinct credential pairs stay decoded; a full cache starts over (clients reuse a few tokens). */
export const DECODED_MAX = 1024;

/**
 * Reads both credentials. Signatures are not verified (this is a mock); shape, audience,
 * expiry against the mock's clock (a token without a numeric `exp` is refused), the `company`
 * claim and the Medallia Audit Role (by name or by one of `roleIds`) are.
 * A client sends the same headers on every request, so the decoded tokens are kept, keyed by
 * the header strings, in a bounded map; only expiry is judged afresh each time.
 */
export class Authenticator {
  // api_token → Authorization → decoded: nested rather than one concatenated key, which would
  // copy the ~1 KB token into a new string on every request.
  private readonly decoded = new Map<string, Map<string, Decoded>>();
  private count = 0;

  /** `roleIds`: role ids that count as the Medallia Audit Role (default: the spec's). */
  constructor(private readonly roleIds: readonly string[] = AUDIT_ROLE_IDS) {}

  /** How many entries are kept (at most DECODED_MAX). */
  get size(): number {
    return this.count;
  }

  /** The caller, or the status and reason to refuse. */
  authenticate(headers: RequestHeaders, now: number): AuthResult {
    const authorization = headers.get('authorization') ?? '';
    const apiToken = headers.get('api_token') ?? undefined;
    let d: Decoded | undefined;
    if (typeof apiToken === 'string') {
      let byAuthorization = this.decoded.get(apiToken);
      d = byAuthorization?.get(authorization);
      if (!d) {
        d = decode(authorization, apiToken, this.roleIds);
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
    } else d = decode(authorization, apiToken, this.roleIds);
    if (d.early) return d.early;
    if (d.exp * 1000 <= now) return refuse(401, 'api_token expired');
    return d.verdict;
  }
}
