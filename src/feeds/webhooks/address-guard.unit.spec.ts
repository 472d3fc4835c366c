import { isNonPublicAddress, isNonPublicHost } from './address-guard';

describe('the webhook address guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.1',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
  ])('refuses %s', (address) => expect(isNonPublicAddress(address)).toBe(true));

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '172.32.0.1', '::ffff:8.8.8.8'])(
    'lets %s through',
    (address) => expect(isNonPublicAddress(address)).toBe(false),
  );

  it('reads URL hosts: bracketed IPv6, localhost names, and leaves other names to the resolver', () => {
    expect(isNonPublicHost('[::1]')).toBe(true);
    expect(isNonPublicHost('localhost')).toBe(true);
    expect(isNonPublicHost('api.localhost')).toBe(true);
    expect(isNonPublicHost('hooks.example.com')).toBe(false);
  });
});
