import { sampleStandardDeviation } from './dispersion';

describe('sampleStandardDeviation', () => {
  it('is null with fewer than two values', () => {
    expect(sampleStandardDeviation([])).toBeNull();
    expect(sampleStandardDeviation([4])).toBeNull();
  });

  it("divides by n − 1 (Bessel's correction)", () => {
    // mean 5, Σd² = 9 + 1 + 1 + 1 + 0 + 0 + 4 + 16 = 32; √(32 / 7) ≈ 2.13809
    expect(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.13809, 5);
    // two values a apart: |a| / √2
    expect(sampleStandardDeviation([-7, -4])).toBeCloseTo(3 / Math.SQRT2, 12);
  });

  it('is exactly 0 for equal values, with no cancellation noise', () => {
    expect(sampleStandardDeviation([-5.8, -5.8, -5.8])).toBe(0);
  });
});
