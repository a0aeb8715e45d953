/**
 * Who may use the control API: this machine only. A request must name a loopback host or a
 * configured one in `Host` (a web page that rebinds its own DNS name to 127.0.0.1 still sends its
 * name), and an `Origin`, when a browser sends one, must be the mock's own. Web standards only.
 */
import type { MockRequest } from '../mock-request.js';

/** The paths the control API owns (`/` is the control page): no CORS, no preflight there. */
export function isControlPath(path: string): boolean {
  return path === '/' || path === '/__mock' || path.startsWith('/__mock/');
}

/** A refusal: the control API's error code and what to do. */
export interface AccessRefusal {
  code: 'MOCK_CONTROL_HOST_REFUSED' | 'MOCK_CONTROL_ORIGIN_REFUSED';
  message: string;
}

// A Host header: a name or IPv4 address, or a bracketed IPv6 address, then an optional port.
const HOST_SYNTAX = /^(?:\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d{1,5})?$/i;

/** The canonical host name of a `Host` value (lower case, no port, no trailing dot), or undefined when it is no host. */
export function hostName(host: string): string | undefined {
  if (!HOST_SYNTAX.test(host)) return undefined;
  try {
    // The URL parser canonicalises IPv4 (`127.1`) and IPv6 (`[0::1]`) forms as a browser would.
    return new URL(`http://${host}`).hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** Whether `name` (canonical) is this machine's: 127.0.0.1, [::1], localhost or a name under .localhost. */
function isLoopback(name: string): boolean {
  return name === '127.0.0.1' || name === '[::1]' || name === 'localhost' || name.endsWith('.localhost');
}

/** Addresses that listen everywhere and name no host a client could send. */
const WILDCARDS = new Set(['0.0.0.0', '[::]']);

/** Who may call the control API, besides loopback hosts and the request's own origin. */
export class ControlAccess {
  private readonly hosts: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;

  /**
   * `hosts`: host names (or URLs, or `Host` values) the mock is configured with, e.g. the server's
   * `host` or an MSW `baseUrl`; `origins`: further origins whose pages are the mock's own (the page
   * an MSW worker runs in).
   */
  constructor(hosts: readonly string[] = [], origins: readonly string[] = []) {
    const names = new Set<string>();
    for (const host of hosts) {
      const name = configuredName(host);
      if (name !== undefined && !WILDCARDS.has(name)) names.add(name);
    }
    this.hosts = names;
    // A page with an opaque origin (`null`: a file, a sandboxed frame) names none.
    this.origins = new Set(origins.flatMap((origin) => (URL.canParse(origin) ? [new URL(origin).origin] : [])));
  }

  /** Why `request` may not use the control API, or undefined when it may. */
  refusal(request: MockRequest, url: URL): AccessRefusal | undefined {
    // A fetch host (Deno, Bun, MSW) builds the URL from Host; the Node adapter passes Host through.
    const host = request.headers.get('host') ?? url.host;
    const name = hostName(host);
    if (name === undefined || !(isLoopback(name) || this.hosts.has(name)))
      return {
        code: 'MOCK_CONTROL_HOST_REFUSED',
        message: `The control API answers requests for this machine only (Host 127.0.0.1, localhost or [::1]${this.hosts.size > 0 ? ` or ${[...this.hosts].join(', ')}` : ''}), not Host ${JSON.stringify(host)}.`,
      };
    const origin = request.headers.get('origin');
    if (origin === null || this.isOwn(origin, host)) return undefined;
    return {
      code: 'MOCK_CONTROL_ORIGIN_REFUSED',
      message: `The control API answers pages of the mock's own origin only, not ${JSON.stringify(origin)}. Call it from this machine: curl, a script, or the control page at /.`,
    };
  }

  /** Whether `origin` is the mock's own: the origin of the request's host, or one named at start. */
  private isOwn(origin: string, host: string): boolean {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      return false; // `null` (a sandboxed frame, a file) and anything unparsable
    }
    if (parsed.origin !== origin.replace(/\/$/, '')) return false;
    if (this.origins.has(parsed.origin)) return true;
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
    // The same host and port as the request names, under the scheme the page was served with.
    return parsed.host === new URL(`${parsed.protocol}//${host}`).host;
  }
}

/** A configured host (a name, a `Host` value, an IP address or a URL) as a canonical host name. */
function configuredName(host: string): string | undefined {
  if (host.includes('://')) return hostName(new URL(host).host);
  // A bare IPv6 address, as `listen` takes it.
  return hostName(host.includes(':') && !host.startsWith('[') && host.split(':').length > 2 ? `[${host}]` : host);
}
