import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * IPv6 forms that carry an IPv4 address a packet ends up at, with where it sits: NAT64
 * (RFC 6052, 64:ff9b::/96) and IPv4-compatible (RFC 4291, ::/96) in the last 32 bits,
 * 6to4 (RFC 3056, 2002::/16) in the 32 bits after the prefix. Such an address is as
 * public as the IPv4 inside it: `[64:ff9b::7f00:1]` reaches 127.0.0.1 through a NAT64
 * gateway, `[::127.0.0.1]` through a stack that still honours the compatible form.
 */
const EMBEDDING_IPV4: readonly (readonly [ipaddr.IPv6, number, 'last' | 'after-prefix'])[] = [
  [ipaddr.IPv6.parse('64:ff9b::'), 96, 'last'],
  [ipaddr.IPv6.parse('::'), 96, 'last'],
  [ipaddr.IPv6.parse('2002::'), 16, 'after-prefix'],
];

function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  for (const [network, prefix, at] of EMBEDDING_IPV4) {
    if (!address.match(network, prefix)) continue;
    const bytes = address.toByteArray();
    const start = at === 'last' ? 12 : 2;
    return new ipaddr.IPv4(bytes.slice(start, start + 4));
  }
  return undefined;
}

/**
 * Whether an IP address (v4 or v6) is not a public one, unless private targets are
 * allowed (PARLEY_WEBHOOKS_ALLOW_PRIVATE). Public means ipaddr.js's `unicast` range:
 * everything in its maintained table of special-purpose ranges (loopback, RFC 1918,
 * carrier-grade NAT, link-local with the cloud metadata endpoints, benchmarking, the
 * IETF's 192.0.0.0/24, documentation, site-local, unique-local, multicast, Teredo, ...)
 * is refused, rather than a list kept by hand that misses some. IPv4-mapped addresses
 * are judged as their IPv4 (`ipaddr.process`), and so are the forms that embed one.
 */
export function isNonPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return false;
  // ipaddr.js's functions use `this`: call them on the module.
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv6') {
    const inner = embeddedIpv4(parsed as ipaddr.IPv6);
    if (inner) return inner.range() !== 'unicast';
  }
  return parsed.range() !== 'unicast';
}

/** A URL host names a non-public target on its face: an IP literal of such an address, or localhost. */
export function isNonPublicHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return isNonPublicAddress(host);
}

export class NonPublicAddress extends Error {
  override readonly name = 'NonPublicAddress';
  readonly code = 'ENONPUBLIC';
}

/**
 * A `lookup` for node:http that refuses names resolving to a non-public address, so
 * the check is made on the very address the request connects to (no DNS rebinding
 * between a check and the connection).
 */
export const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((a) => isNonPublicAddress(a.address));
    if (refused) {
      return callback(
        new NonPublicAddress(`${hostname} resolves to the non-public address ${refused.address}`),
        '',
        0,
      );
    }
    if (options.all) return (callback as unknown as AllCallback)(null, addresses);
    const [first] = addresses;
    if (!first) return callback(new Error(`${hostname} has no address`), '', 0);
    return callback(null, first.address, first.family);
  });
};

type AllCallback = (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;
