import { hashApiKey, InvalidApiKeys, keyIdOf, parseApiKeys } from '../config/api-key-entries';
import { ApiKeyRing, bearerKeyOf } from './api-keys';

const ANALYST = 'analyst-key-0123456789';
const WRITER = 'writer-key-0123456789';

describe('PARLEY_API_KEYS', () => {
  it('reads key:role+role entries into hashes with their roles', () => {
    const keys = parseApiKeys(`${ANALYST}:analyst, ${WRITER}:recorder+analyst`);
    expect(keys.map((k) => [k.hash.toString('hex'), [...k.roles]])).toEqual([
      [hashApiKey(ANALYST).toString('hex'), ['analyst']],
      [hashApiKey(WRITER).toString('hex'), ['recorder', 'analyst']],
    ]);
  });

  it('takes a key given by its hash, so that the configuration need hold no secret', () => {
    const hex = hashApiKey(WRITER).toString('hex');
    const ring = new ApiKeyRing(parseApiKeys(`sha256.${hex}:operator`));
    expect(ring.verify(WRITER)).toEqual({
      id: `key:${hex.slice(0, 12)}`,
      roles: new Set(['operator']),
    });
  });

  it.each([
    ['', 'holds no key:role entry'],
    [`${ANALYST}`, 'entry 1 must be key:role+role'],
    [`${ANALYST}:admin`, 'unknown role(s) "admin"'],
    [`${ANALYST}:analyst+`, 'unknown role(s) ""'],
    ['short:analyst', 'entry 1: a key must be 16 to 256 characters'],
    [`${ANALYST}:analyst,${ANALYST}:operator`, 'entry 2 repeats an earlier key'],
    [`${ANALYST}:analyst,bad key with spaces:analyst`, 'entry 2: a key must be'],
  ])('refuses %j, saying what is wrong and never repeating the key', (text, message) => {
    expect(() => parseApiKeys(text === '' ? ' , ' : text)).toThrow(InvalidApiKeys);
    expect(() => parseApiKeys(text === '' ? ' , ' : text)).toThrow(message);
    try {
      parseApiKeys(text === '' ? ' , ' : text);
    } catch (error) {
      expect((error as Error).message).not.toContain(ANALYST);
    }
  });
});

describe('ApiKeyRing', () => {
  const ring = new ApiKeyRing(parseApiKeys(`${ANALYST}:analyst,${WRITER}:recorder`));

  it('knows a configured key by its id and roles, and nothing else', () => {
    expect(ring.verify(WRITER)).toEqual({
      id: keyIdOf(hashApiKey(WRITER)),
      roles: new Set(['recorder']),
    });
    expect(ring.verify(`${WRITER}x`)).toBeUndefined();
    expect(ring.verify(WRITER.slice(0, -1))).toBeUndefined();
    expect(ring.verify('')).toBeUndefined();
  });
});

describe('bearerKeyOf', () => {
  it.each([
    ['Bearer abc', 'abc'],
    ['bearer   abc  ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('%j → %j', (header, key) => {
    expect(bearerKeyOf(header)).toBe(key);
  });
});
