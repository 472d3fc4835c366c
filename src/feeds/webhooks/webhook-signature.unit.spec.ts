import { Webhook } from 'standardwebhooks';
import { generateSecret, signatureHeaders } from './webhook-signature';

describe('Standard Webhooks signing', () => {
  it("matches the scheme's published example", () => {
    // The example of the Standard Webhooks specification (spec/standard-webhooks.md).
    expect(
      signatureHeaders(
        ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('gives headers that the reference library verifies, and that fail for another body', () => {
    const secret = generateSecret();
    const body = JSON.stringify({ specversion: '1.0', data: { quote: 'é ✓' } });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders([secret], 'event-1', timestamp, body);
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(body.replace('1.0', '1.1'), headers)).toThrow();
  });

  it('signs with every secret given, space-separated, so a receiver holding either verifies', () => {
    const [current, previous, stranger] = [generateSecret(), generateSecret(), generateSecret()];
    const body = '{"specversion":"1.0"}';
    const headers = signatureHeaders([current, previous], 'event-2', Date.now() / 1000, body);
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    expect(() => new Webhook(current).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(previous).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(stranger).verify(body, headers)).toThrow(/No matching signature/);
  });

  it('makes secrets of 32 random bytes behind whsec_', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });
});
