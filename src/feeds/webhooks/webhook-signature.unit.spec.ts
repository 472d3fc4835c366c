import { Webhook } from 'standardwebhooks';
import { generateSecret, secretKey, sign, signatureHeaders } from './webhook-signature';

describe('Standard Webhooks signing', () => {
  it("matches the scheme's published example", () => {
    // The example of the Standard Webhooks specification (spec/standard-webhooks.md).
    expect(
      sign(
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'msg_p5jXN8AQM9LWM0D4loKWxJek',
        1614265330,
        '{"test": 2432232314}',
      ),
    ).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('gives headers that the reference library verifies, and that fail for another body', () => {
    const secret = generateSecret();
    const body = JSON.stringify({ specversion: '1.0', data: { quote: 'é ✓' } });
    const timestamp = Math.floor(Date.now() / 1000);
    const headers = signatureHeaders(secret, 'event-1', timestamp, body);
    expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(body.replace('1.0', '1.1'), headers)).toThrow();
  });

  it('makes secrets of 32 random bytes behind whsec_', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
    expect(() => secretKey('not-a-secret')).toThrow(/whsec_/);
  });
});
