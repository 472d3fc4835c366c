/**
 * The API keys every test app and child `parley serve` is started with (unless a test
 * sets `PARLEY_API_KEYS` itself): one key per role, and `admin` holding all four.
 */
export const TEST_KEYS = {
  admin: 'test-admin-key-0123456789abcdef',
  analyst: 'test-analyst-key-0123456789abcdef',
  recorder: 'test-recorder-key-0123456789abcdef',
  operator: 'test-operator-key-0123456789abcdef',
  subscriber: 'test-subscriber-key-0123456789abcdef',
} as const;

export type TestKeyName = keyof typeof TEST_KEYS;

/** `PARLEY_API_KEYS` for {@link TEST_KEYS}, in the documented `key:role+role,key:role` form. */
export const TEST_API_KEYS_ENV = [
  `${TEST_KEYS.admin}:analyst+recorder+operator+subscriber`,
  `${TEST_KEYS.analyst}:analyst`,
  `${TEST_KEYS.recorder}:recorder`,
  `${TEST_KEYS.operator}:operator`,
  `${TEST_KEYS.subscriber}:subscriber`,
].join(',');

/** The `Authorization` header for one of the {@link TEST_KEYS} (all roles unless told). */
export function authHeaders(key: TestKeyName = 'admin'): { authorization: string } {
  return { authorization: `Bearer ${TEST_KEYS[key]}` };
}
