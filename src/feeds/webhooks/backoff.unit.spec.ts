import { backoffDelay } from './backoff';

const policy = { baseMs: 100, capMs: 1_000 };

describe('backoffDelay (exponential, full jitter)', () => {
  it('doubles the ceiling with each failure up to the cap', () => {
    const ceiling = (failures: number): number => backoffDelay(failures, policy, () => 0.999999);
    expect([1, 2, 3, 4, 5, 6, 50].map(ceiling)).toEqual([99, 199, 399, 799, 999, 999, 999]);
  });

  it('spreads the wait over [0, ceiling)', () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(200);
  });

  it('treats no failures yet as the first', () => {
    expect(backoffDelay(0, policy, () => 0.5)).toBe(50);
  });
});
