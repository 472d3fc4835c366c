import {
  comparePositions,
  isPositionToken,
  positionOf,
  positionParts,
  type Position,
} from './position';

describe('position tokens', () => {
  it('sort as plain strings in numeric order', () => {
    const numbers = [256n, 9n, 0n, 10n, 255n, 1n, 2n ** 63n, 4096n];
    const tokens: string[] = numbers.map((n) => positionOf(n));
    expect([...tokens].sort()).toEqual(
      [0n, 1n, 9n, 10n, 255n, 256n, 4096n, 2n ** 63n].map((n) => positionOf(n)),
    );
  });

  it('order by commit first, then prepare', () => {
    const a = positionOf(5n, 900n);
    const b = positionOf(6n, 2n);
    const c = positionOf(6n, 10n);
    expect(comparePositions(a, b)).toBe(-1);
    expect(comparePositions(c, b)).toBe(1);
    expect(comparePositions(b, positionOf(6n, 2n))).toBe(0);
  });

  it('are 32 hex digits, the embedded store using its sequence for both halves', () => {
    expect(positionOf(255n)).toBe('00000000000000ff00000000000000ff');
    expect(positionOf(1n, 2n)).toBe('00000000000000010000000000000002');
  });

  it('round-trip through positionParts', () => {
    for (const [commit, prepare] of [
      [0n, 0n],
      [10n, 9n],
      [2n ** 64n - 1n, 12345678901234567n],
    ] as const) {
      expect(positionParts(positionOf(commit, prepare))).toEqual({ commit, prepare });
    }
    expect(positionParts(positionOf(42n))).toEqual({ commit: 42n, prepare: 42n });
  });

  it('are recognised, and junk is not', () => {
    expect(isPositionToken(positionOf(7n))).toBe(true);
    for (const junk of [
      '',
      '42',
      '00000000000000ff00000000000000f', // 31 digits
      '00000000000000ff00000000000000ff0', // 33 digits
      '00000000000000FF00000000000000FF', // upper case does not sort with the rest
      '00000000000000fg00000000000000ff',
      ' 00000000000000ff00000000000000ff',
      '00000000000000ff00000000000000ff\n',
    ]) {
      expect({ junk, ok: isPositionToken(junk) }).toEqual({ junk, ok: false });
    }
  });

  it('type a checked string as a Position', () => {
    const value: string = positionOf(3n);
    if (!isPositionToken(value)) throw new Error('expected a token');
    const position: Position = value;
    expect(positionParts(position).commit).toBe(3n);
  });
});
