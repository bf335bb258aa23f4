/**
 * Whoever can talk to the sandbox can act as anyone in it, move its clock and erase it, so it answers
 * only requests meant for it:
 * - `Host` must name an address it serves: localhost, 127.0.0.1 or [::1] on the port the request came in
 *   on, HOST when that is one address, and what TRUSTLOOP_SANDBOX_HOSTS lists. A page on an attacker's
 *   name that resolves to this machine (DNS rebinding) sends its own name, and is refused.
 * - A state-changing request (anything but GET/HEAD) must carry an `Origin` of that same address.
 *   Browsers always send one on such requests; its absence means a client that is not the page.
 *   Another site's form or fetch carries its own origin, and is refused.
 */
import type { IncomingMessage } from 'node:http';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const EVERY_INTERFACE = new Set(['', '0.0.0.0', '::', '[::]']);

export interface AddressRules {
  /** The address the server listens on (config HOST). */
  host: string;
  /** `name` or `name:port` entries, already lower-cased (config TRUSTLOOP_SANDBOX_HOSTS). */
  extraHosts: readonly string[];
}

/** Why a request is refused (a sentence for the page), or undefined when it may go on. */
export type AddressCheck = (req: IncomingMessage) => string | undefined;

export function createAddressCheck(rules: AddressRules): AddressCheck {
  const configured = EVERY_INTERFACE.has(rules.host) ? undefined : normalHostname(rules.host);
  const withPort = new Set(rules.extraHosts.filter((e) => parseHost(e)?.port !== ''));
  const anyPort = new Set(rules.extraHosts.filter((e) => parseHost(e)?.port === ''));

  return (req) => {
    const port = String(req.socket.localPort ?? '');
    const host = parseHost(req.headers.host);
    const served = host !== undefined && (host.port || '80') === port && (LOOPBACK.has(host.hostname) || host.hostname === configured);
    if (!host || !(served || withPort.has(host.host) || anyPort.has(host.hostname))) {
      return (
        `This sandbox answers only at http://localhost:${port} (or 127.0.0.1:${port}). ` +
        'To open it under another address, add that address to TRUSTLOOP_SANDBOX_HOSTS.'
      );
    }
    const origin = req.headers.origin;
    const changesState = req.method !== 'GET' && req.method !== 'HEAD';
    if (origin === undefined) return changesState ? 'Requests without an Origin header are refused: use the sandbox page.' : undefined;
    if (originHost(origin) !== host.host) return 'Cross-origin requests are refused.';
    return undefined;
  };
}

interface ParsedHost {
  /** `name[:port]`, lower-case, without a default port (as URL.host). */
  host: string;
  hostname: string;
  port: string;
}

function parseHost(value: string | undefined): ParsedHost | undefined {
  if (!value || /[/@?#\s\\]/.test(value)) return undefined;
  try {
    const u = new URL(`http://${value}`);
    return { host: u.host, hostname: u.hostname, port: u.port };
  } catch {
    return undefined;
  }
}

function normalHostname(host: string): string | undefined {
  return parseHost(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host)?.hostname;
}

function originHost(origin: string): string | undefined {
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.host : undefined;
  } catch {
    return undefined; // includes `Origin: null` (sandboxed frames, file: pages)
  }
}
