import { promises as dns, type LookupAddress } from 'node:dns';
import { BlockList, isIP, isIPv4 } from 'node:net';
import { BadUserInputError } from '../../core/errors.js';

/**
 * The SSRF guard for webhook URLs. A webhook makes this server send requests to an address a
 * caller chose, so without it a caller could reach the loopback interface, the private network
 * or a cloud metadata service from inside. Checked twice: when the URL is stored
 * (`checkWebhookUrl`, for a clear error at once) and at every delivery after DNS
 * (`resolveDeliveryAddress`), connecting to the very address that was checked, so a name that
 * resolves elsewhere later (DNS rebinding) cannot slip through.
 */
export interface AddressPolicy {
  /** AGENTSTACK_WEBHOOK_ALLOW_PRIVATE=true: tests and local development deliver to 127.0.0.1. */
  allowPrivate: boolean;
  /** Only https (production, unless allowPrivate). */
  requireHttps: boolean;
}

/** A delivery refused by the guard (never retried into a different answer by itself). */
export class WebhookAddressRefusedError extends Error {
  constructor(readonly reason: string) {
    super(`webhook address refused: ${reason}`);
  }
  override get name(): string {
    return 'WebhookAddressRefusedError';
  }
}

export const MAX_WEBHOOK_URL_LENGTH = 2_048;

type Family = 'ipv4' | 'ipv6';

/**
 * Every refused range with its reason; the first match names the refusal, so the narrow
 * metadata addresses come before the ranges that hold them. IPv6 ranges that embed an IPv4
 * address are judged by that address (EMBEDDED_IPV4 below), not listed here.
 */
const REFUSED_RANGES: ReadonlyArray<readonly [Family, string, number, string]> = [
  ['ipv4', '169.254.169.254', 32, 'cloud metadata address'],
  ['ipv4', '100.100.100.200', 32, 'cloud metadata address (Alibaba)'],
  ['ipv4', '168.63.129.16', 32, 'cloud metadata address (Azure WireServer)'],
  ['ipv4', '255.255.255.255', 32, 'broadcast address'],
  ['ipv4', '0.0.0.0', 8, 'unspecified address ("this network")'],
  ['ipv4', '10.0.0.0', 8, 'private address'],
  ['ipv4', '100.64.0.0', 10, 'carrier-grade NAT address'],
  ['ipv4', '127.0.0.0', 8, 'loopback address'],
  ['ipv4', '169.254.0.0', 16, 'link-local address'],
  ['ipv4', '172.16.0.0', 12, 'private address'],
  ['ipv4', '192.0.0.0', 24, 'IETF protocol assignment'],
  ['ipv4', '192.0.2.0', 24, 'documentation address'],
  ['ipv4', '192.88.99.0', 24, '6to4 relay anycast address'],
  ['ipv4', '192.168.0.0', 16, 'private address'],
  ['ipv4', '198.18.0.0', 15, 'benchmarking address'],
  ['ipv4', '198.51.100.0', 24, 'documentation address'],
  ['ipv4', '203.0.113.0', 24, 'documentation address'],
  ['ipv4', '224.0.0.0', 4, 'multicast address'],
  ['ipv4', '240.0.0.0', 4, 'reserved address'],
  ['ipv6', 'fd00:ec2::254', 128, 'cloud metadata address (AWS)'],
  ['ipv6', '::', 128, 'unspecified address'],
  ['ipv6', '::1', 128, 'loopback address'],
  // ::a.b.c.d, deprecated; nothing public lives there.
  ['ipv6', '::', 96, 'IPv4-compatible address (deprecated)'],
  ['ipv6', '64:ff9b:1::', 48, 'local-use NAT64 address'],
  ['ipv6', '100::', 64, 'discard-only address'],
  ['ipv6', '2001:2::', 48, 'benchmarking address'],
  // Teredo hides an obfuscated IPv4 address; no webhook endpoint needs one.
  ['ipv6', '2001::', 32, 'Teredo address'],
  ['ipv6', '2001:db8::', 32, 'documentation address'],
  ['ipv6', '3fff::', 20, 'documentation address'],
  ['ipv6', 'fc00::', 7, 'unique local address'],
  ['ipv6', 'fe80::', 10, 'link-local address'],
  ['ipv6', 'fec0::', 10, 'site-local address (deprecated)'],
  ['ipv6', 'ff00::', 8, 'multicast address'],
];

/** IPv6 ranges that carry an IPv4 address: [prefix, length, which 16-bit words hold it, name]. */
const EMBEDDED_IPV4: ReadonlyArray<readonly [string, number, number, string]> = [
  ['::ffff:0:0', 96, 6, 'IPv4-mapped'],
  ['::ffff:0:0:0', 96, 6, 'IPv4-translated'],
  ['64:ff9b::', 96, 6, 'NAT64'],
  ['2002::', 16, 1, '6to4'],
];

const refusedRules = REFUSED_RANGES.map(([family, network, prefix, reason]) => ({
  family,
  reason,
  list: blockList(family, network, prefix),
}));
const embeddedRules = EMBEDDED_IPV4.map(([network, prefix, word, kind]) => ({
  word,
  kind,
  list: blockList('ipv6', network, prefix),
}));

function blockList(family: Family, network: string, prefix: number): BlockList {
  const list = new BlockList();
  list.addSubnet(network, prefix, family);
  return list;
}

/**
 * Why an IP address may not receive webhooks, or null when it may. Accepts IPv4 and IPv6
 * (brackets and a zone index are tolerated); anything that is not an IP address is refused.
 */
export function refusedAddressReason(raw: string): string | null {
  const address = raw.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const version = isIP(address);
  if (version === 0) return 'not an IP address';
  const family: Family = version === 4 ? 'ipv4' : 'ipv6';
  if (family === 'ipv6') {
    const words = ipv6Words(address);
    for (const rule of embeddedRules) {
      if (!rule.list.check(address, 'ipv6')) continue;
      const hi = words[rule.word] ?? 0;
      const lo = words[rule.word + 1] ?? 0;
      const ipv4 = [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
      const reason = refusedAddressReason(ipv4);
      return reason === null ? null : `${reason} (${ipv4}, embedded in an ${rule.kind} IPv6 address)`;
    }
  }
  // Only rules of the address's own family: node's BlockList would also match an IPv4 rule
  // against an IPv4-mapped IPv6 address, which EMBEDDED_IPV4 already judged above.
  for (const rule of refusedRules) {
    if (rule.family === family && rule.list.check(address, family)) return rule.reason;
  }
  return null;
}

/** The eight 16-bit words of a valid IPv6 address (a trailing dotted IPv4 part included). */
function ipv6Words(address: string): number[] {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((word) => parseInt(word, 16)));
  const start = parse(head);
  if (tail === undefined) return start;
  const end = parse(tail);
  return [...start, ...new Array<number>(8 - start.length - end.length).fill(0), ...end];
}

/** Names that reach this host or a metadata service without any public DNS answer. */
function refusedHostnameReason(hostname: string): string | null {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return 'localhost';
  if (name === 'metadata.google.internal' || name === 'metadata.goog') return 'cloud metadata host name';
  return null;
}

/** Why a URL may not be a webhook endpoint under this policy, or null. One place per rule. */
function urlRefusal(url: URL, policy: AddressPolicy): string | null {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `scheme ${url.protocol.slice(0, -1)} is not http(s)`;
  if (url.protocol === 'http:' && policy.requireHttps) return 'only https is allowed';
  if (url.username !== '' || url.password !== '') return 'credentials in the URL are not allowed';
  // '#' survives serialisation only as the fragment delimiter (it is percent-encoded elsewhere),
  // which also catches an empty fragment, where `hash` is ''.
  if (url.href.includes('#')) return 'a fragment is not allowed';
  if (url.hostname === '') return 'no host name';
  if (policy.allowPrivate) return null;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) !== 0) return refusedAddressReason(host);
  return refusedHostnameReason(host);
}

/**
 * Checks a webhook URL when it is created or updated and returns it parsed (WHATWG URL, so odd
 * IPv4 spellings such as http://2130706433/ are already normalised to 127.0.0.1 here).
 * Throws BadUserInputError naming the reason.
 */
export function checkWebhookUrl(raw: string, policy: AddressPolicy): URL {
  if (raw.length > MAX_WEBHOOK_URL_LENGTH) {
    throw new BadUserInputError(`webhook url is longer than ${MAX_WEBHOOK_URL_LENGTH} characters`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new BadUserInputError('webhook url is not an absolute URL');
  }
  const refusal = urlRefusal(url, policy);
  if (refusal !== null) throw new BadUserInputError(`webhook url refused: ${refusal}`);
  return url;
}

export type WebhookLookup = (hostname: string, options: { all: true; verbatim: true }) => Promise<LookupAddress[]>;

const systemLookup: WebhookLookup = (hostname, options) => dns.lookup(hostname, options);

/**
 * At each delivery: the address the attempt connects to. The URL's rules are checked again
 * (the policy may have changed since the webhook was stored), then the host name is resolved
 * and refused if ANY of its addresses is refused: a name answering with a public and a private
 * address must not get a chance to land on the private one. Rejects with
 * WebhookAddressRefusedError, or with the lookup's own error (ENOTFOUND, …) when DNS fails.
 */
export async function resolveDeliveryAddress(
  url: URL,
  policy: AddressPolicy,
  lookup: WebhookLookup = systemLookup,
): Promise<{ address: string; family: 4 | 6 }> {
  const refusal = urlRefusal(url, policy);
  if (refusal !== null) throw new WebhookAddressRefusedError(refusal);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  // An IP literal needs no DNS, and urlRefusal has just judged it.
  if (isIP(host) !== 0) return { address: host, family: isIPv4(host) ? 4 : 6 };
  const addresses = await lookup(host, { all: true, verbatim: true });
  const first = addresses[0];
  if (first === undefined) throw new WebhookAddressRefusedError(`${host} resolved to no address`);
  if (!policy.allowPrivate) {
    for (const { address } of addresses) {
      const reason = refusedAddressReason(address);
      if (reason !== null) throw new WebhookAddressRefusedError(`${host} resolves to ${address}: ${reason}`);
    }
  }
  return { address: first.address, family: isIPv4(first.address) ? 4 : 6 };
}
