// SSRF guard for the base URLs people give connections. A stored Jira/Linear/GitHub URL is fetched with a
// token attached by a server inside the company network, so it must not be able to reach that network
// (loopback, private ranges, link-local cloud metadata) unless an admin allow-lists the host — an on-prem
// Jira Data Center needs that. Checked before every request, not only when a connection is saved, so a
// DNS name that later resolves somewhere private is refused too.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { InputError } from '../errors';

/** A refused URL: bad usage (CLI exit 2, HTTP 400). The message names the host and the reason, never a query. */
export class RefusedUrlError extends InputError {
  override name = 'RefusedUrlError';
}

export type Resolver = (hostname: string) => Promise<string[]>;

export interface UrlPolicy {
  /** Hostnames (exact, case-insensitive), IP addresses or CIDR ranges that may be private. */
  allowedHosts: readonly string[];
  resolve: Resolver;
}

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** The policy from TOILSCOPE_ALLOWED_HOSTS (comma or whitespace separated). */
export function urlPolicyFrom(
  allowedHosts: string | undefined,
  resolve: Resolver = systemResolver,
): UrlPolicy {
  const entries = (allowedHosts ?? '')
    .split(/[\s,]+/)
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  return { allowedHosts: entries, resolve };
}

// ── Address arithmetic ──────────────────────────────────────────────────────────

interface Address {
  version: 4 | 6;
  /** 32 bits for IPv4, 128 for IPv6. */
  value: bigint;
}

function parseIPv4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseIPv6(text: string): bigint {
  let body = text;
  // A trailing dotted quad (::ffff:1.2.3.4) stands for the last 32 bits.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  let tail: bigint | null = null;
  if (dotted?.[1]) {
    tail = parseIPv4(dotted[1]);
    body = `${body.slice(0, -dotted[1].length)}0:0`;
  }
  const [head = '', rest] = body.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const missing = 8 - headGroups.length - restGroups.length;
  const groups =
    rest === undefined ? headGroups : [...headGroups, ...Array(missing).fill('0'), ...restGroups];
  let value = groups.reduce((acc, group) => (acc << 16n) | BigInt(Number.parseInt(group || '0', 16)), 0n);
  if (tail !== null) value = (value & ~0xffffffffn) | tail;
  return value;
}

function parseAddress(text: string): Address | null {
  const bare = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const version = isIP(bare);
  if (version === 4) return { version: 4, value: parseIPv4(bare) };
  if (version === 6) return { version: 6, value: parseIPv6(bare) };
  return null;
}

interface Range {
  version: 4 | 6;
  base: bigint;
  bits: number;
  why: string;
}

function range(cidr: string, why: string): Range {
  const [base = '', bits = ''] = cidr.split('/');
  const address = parseAddress(base);
  if (!address) throw new Error(`bad range ${cidr}`);
  return { version: address.version, base: address.value, bits: Number(bits), why };
}

function inRange(address: Address, r: Range): boolean {
  if (address.version !== r.version) return false;
  const width = address.version === 4 ? 32 : 128;
  const shift = BigInt(width - r.bits);
  return address.value >> shift === r.base >> shift;
}

const REFUSED_RANGES: readonly Range[] = [
  range('0.0.0.0/8', 'a "this network" address'),
  range('10.0.0.0/8', 'a private address'),
  range('100.64.0.0/10', 'a carrier-grade NAT address'),
  range('127.0.0.0/8', 'a loopback address'),
  range('169.254.0.0/16', 'a link-local address (cloud metadata lives here)'),
  range('172.16.0.0/12', 'a private address'),
  range('192.0.0.0/24', 'a reserved address'),
  range('192.0.2.0/24', 'a documentation address'),
  range('192.168.0.0/16', 'a private address'),
  range('198.18.0.0/15', 'a benchmarking address'),
  range('198.51.100.0/24', 'a documentation address'),
  range('203.0.113.0/24', 'a documentation address'),
  range('224.0.0.0/4', 'a multicast address'),
  range('240.0.0.0/4', 'a reserved address'),
  range('::/128', 'the unspecified address'),
  range('::1/128', 'a loopback address'),
  range('100::/64', 'a discard address'),
  range('2001:db8::/32', 'a documentation address'),
  range('fc00::/7', 'a unique-local (private) address'),
  range('fe80::/10', 'a link-local address'),
  range('fec0::/10', 'a site-local address'),
  range('ff00::/8', 'a multicast address'),
];

// IPv6 forms that carry an IPv4 address in their last 32 bits: IPv4-mapped, IPv4-compatible, NAT64.
const EMBEDDING_V4: readonly Range[] = [
  range('::ffff:0:0/96', 'IPv4-mapped'),
  range('::/96', 'IPv4-compatible'),
  range('64:ff9b::/96', 'NAT64'),
];

/** Why an address may not be reached, or null when it is a public address. */
export function refusalReason(text: string): string | null {
  const address = parseAddress(text);
  if (!address) return 'not an IP address';
  if (address.version === 6) {
    const embedding = EMBEDDING_V4.find((r) => inRange(address, r));
    if (embedding && address.value > 1n) {
      const inner: Address = { version: 4, value: address.value & 0xffffffffn };
      const reason = REFUSED_RANGES.find((r) => inRange(inner, r));
      return reason ? `${reason.why} (${embedding.why})` : null;
    }
  }
  return REFUSED_RANGES.find((r) => inRange(address, r))?.why ?? null;
}

function allowListed(policy: UrlPolicy, hostname: string, address: string | null): boolean {
  for (const entry of policy.allowedHosts) {
    if (entry.includes('/')) {
      const parsed = address ? parseAddress(address) : null;
      try {
        if (parsed && inRange(parsed, range(entry, 'allowed'))) return true;
      } catch {
        // An unreadable CIDR entry allows nothing.
      }
      continue;
    }
    const entryAddress = parseAddress(entry);
    if (entryAddress) {
      const parsed = address ? parseAddress(address) : null;
      if (parsed && parsed.version === entryAddress.version && parsed.value === entryAddress.value)
        return true;
    } else if (entry === hostname) {
      return true;
    }
  }
  return false;
}

/**
 * Refuses `url` (RefusedUrlError) unless it is http(s), carries no credentials, and its host — an IP
 * literal in any spelling the URL parser accepts (decimal, octal, hex, IPv4-mapped IPv6), or a DNS name
 * and every address it resolves to — is public or allow-listed.
 */
export async function assertUrlAllowed(url: string | URL, policy: UrlPolicy): Promise<void> {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new RefusedUrlError('refused URL: not an absolute http(s) URL');
  }
  // The WHATWG parser has already normalised 2130706433, 0177.0.0.1 and 0x7f.1 to 127.0.0.1.
  const hostname = parsed.hostname.toLowerCase().replace(/\.$/, '');
  const host = hostname.replace(/^\[|\]$/g, '');
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RefusedUrlError(`refused URL for ${host}: only http and https are allowed`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw new RefusedUrlError(`refused URL for ${host}: credentials belong in the environment, not the URL`);
  }
  if (allowListed(policy, host, isIP(host) ? host : null)) return;
  if (isIP(host)) {
    const reason = refusalReason(host);
    if (reason) throw new RefusedUrlError(refusedMessage(host, reason));
    return;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) {
    throw new RefusedUrlError(refusedMessage(host, 'a loopback name'));
  }
  let addresses: string[];
  try {
    addresses = await policy.resolve(host);
  } catch {
    throw new RefusedUrlError(`refused URL for ${host}: the name does not resolve`);
  }
  if (addresses.length === 0) throw new RefusedUrlError(`refused URL for ${host}: the name does not resolve`);
  for (const address of addresses) {
    if (allowListed(policy, host, address)) continue;
    const reason = refusalReason(address);
    if (reason) throw new RefusedUrlError(refusedMessage(host, `it resolves to ${address}, ${reason}`));
  }
}

function refusedMessage(host: string, reason: string): string {
  return `refused URL for ${host}: ${reason}; an admin can allow it with TOILSCOPE_ALLOWED_HOSTS=${host}`;
}

/**
 * A fetch that checks every request's URL against the policy first. Redirects are not followed
 * (`redirect: 'error'` in the HTTP seam), so a redirect cannot lead past the check either.
 */
export function guardFetch(inner: typeof fetch, policy: UrlPolicy): typeof fetch {
  const guarded = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    const url = input instanceof Request ? input.url : input;
    await assertUrlAllowed(url instanceof URL ? url : String(url), policy);
    if (init?.redirect === 'follow' || init?.redirect === undefined) {
      return inner(input, { ...init, redirect: 'manual' }).then((response) => {
        if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
          throw new RefusedUrlError(
            `refused redirect from ${new URL(String(url)).host}: redirects are not followed`,
          );
        }
        return response;
      });
    }
    return inner(input, init);
  };
  return guarded as typeof fetch;
}

/** The fetch every connector request goes through: `inner` (default the global fetch) behind the env's policy. */
export function connectorFetch(
  allowedHosts: string | undefined,
  inner: typeof fetch = globalThis.fetch,
): typeof fetch {
  return guardFetch(inner, urlPolicyFrom(allowedHosts));
}
