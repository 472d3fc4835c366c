import type { LookupAddress } from 'node:dns';
import { isNonPublicAddress, isNonPublicHost, publicOnlyLookup } from './address-guard';

/** What `publicOnlyLookup` answers for a name, as node:http would ask it (all addresses). */
function lookUp(hostname: string): Promise<{ error: Error | null; addresses: LookupAddress[] }> {
  return new Promise((resolve) =>
    publicOnlyLookup(hostname, { all: true }, (error, addresses) =>
      resolve({ error, addresses: Array.isArray(addresses) ? addresses : [] }),
    ),
  );
}

/** Literals that slipped past the hand-kept block list (issue 15, item 19). */
const ISSUE_LITERALS = [
  // IPv4-compatible loopback, as a URL writes it: [::127.0.0.1] is parsed to ::7f00:1.
  '::127.0.0.1',
  '::7f00:1',
  // NAT64 (RFC 6052) of 127.0.0.1.
  '64:ff9b::7f00:1',
  // 6to4 (RFC 3056) of 127.0.0.1, and the 6to4 prefix itself.
  '2002:7f00:1::1',
  '2002::1',
  // Deprecated site-local (RFC 3879).
  'fec0::1',
  // Benchmarking (RFC 2544) and IETF protocol assignments (RFC 6890).
  '198.18.0.1',
  '198.19.255.254',
  '192.0.0.1',
];

describe('the webhook address guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '255.255.255.255',
    '192.0.2.1',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '2001:db8::1',
    ...ISSUE_LITERALS,
  ])('refuses %s', (address) => expect(isNonPublicAddress(address)).toBe(true));

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '2606:4700:4700::1111',
    '172.32.0.1',
    '::ffff:8.8.8.8',
    // The translation forms of a public IPv4 reach that public host.
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('lets %s through', (address) => expect(isNonPublicAddress(address)).toBe(false));

  it('reads URL hosts: bracketed IPv6, localhost names, and leaves other names to the resolver', () => {
    expect(isNonPublicHost('[::1]')).toBe(true);
    expect(isNonPublicHost(new URL('http://[::127.0.0.1]/hooks').hostname)).toBe(true);
    expect(isNonPublicHost(new URL('http://[64:ff9b::7f00:1]/hooks').hostname)).toBe(true);
    expect(isNonPublicHost(new URL('http://[2002:7f00:1::1]/hooks').hostname)).toBe(true);
    expect(isNonPublicHost(new URL('http://198.18.0.1/hooks').hostname)).toBe(true);
    expect(isNonPublicHost('localhost')).toBe(true);
    expect(isNonPublicHost('api.localhost')).toBe(true);
    expect(isNonPublicHost('hooks.example.com')).toBe(false);
  });

  it.each(ISSUE_LITERALS)(
    'refuses %s on the resolved-address path too (the connection never starts)',
    async (address) => {
      const { error, addresses } = await lookUp(address);
      expect(error).toMatchObject({ code: 'ENONPUBLIC' });
      expect(addresses).toEqual([]);
    },
  );

  it('hands a public address to the connection', async () => {
    const { error, addresses } = await lookUp('8.8.8.8');
    expect(error).toBeNull();
    expect(addresses).toEqual([{ address: '8.8.8.8', family: 4 }]);
  });
});
