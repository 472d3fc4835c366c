import { betaCdf, betaQuantile, credibility, tallyThreats } from './credibility';

describe('tallyThreats', () => {
  it('counts carried out, withdrawn and lapsed as settled, open apart', () => {
    expect(
      tallyThreats(['open', 'carried-out', 'lapsed', 'withdrawn', 'carried-out', 'open']),
    ).toEqual({ total: 6, open: 2, carriedOut: 2, withdrawn: 1, lapsed: 1, settled: 4 });
  });
});

describe('credibility: raw ratio and the Beta(1, 1) posterior', () => {
  const figure = (carriedOut: number, against: number, open = 0) =>
    credibility(
      tallyThreats([
        ...Array<'carried-out'>(carriedOut).fill('carried-out'),
        ...Array<'lapsed'>(against).fill('lapsed'),
        ...Array<'open'>(open).fill('open'),
      ]),
    );

  it('is the prior itself with nothing settled: no ratio, mean 1/2, [0.025, 0.975]', () => {
    expect(figure(0, 0, 3)).toMatchObject({
      ratio: null,
      estimate: { mean: 0.5, lower: 0.025, upper: 0.975, level: 0.95 },
    });
  });

  it('reads one of one as 2/3 with a wide interval: Beta(2, 1) has CDF x², so √0.025 and √0.975', () => {
    expect(figure(1, 0)).toMatchObject({
      ratio: 1,
      estimate: { mean: 0.667, lower: 0.158, upper: 0.987 },
    });
  });

  it('reads ten of ten as 11/12: Beta(11, 1) has CDF x¹¹, so 0.025^(1/11) ≈ 0.71509', () => {
    expect(figure(10, 0)).toMatchObject({
      ratio: 1,
      estimate: { mean: 0.917, lower: 0.715, upper: 0.998 },
    });
  });

  it('mirrors: none of two is Beta(1, 3), 1 − 0.975^(1/3) ≈ 0.00840 to 1 − 0.025^(1/3) ≈ 0.70760', () => {
    expect(figure(0, 2, 1)).toMatchObject({
      ratio: 0,
      estimate: { mean: 0.25, lower: 0.008, upper: 0.708 },
    });
  });

  it('narrows as evidence grows at the same ratio', () => {
    const small = figure(3, 3).estimate;
    const large = figure(300, 300).estimate;
    expect(small.mean).toBe(0.5);
    expect(large.mean).toBe(0.5);
    expect(large.upper - large.lower).toBeLessThan((small.upper - small.lower) / 5);
  });
});

describe('betaCdf and betaQuantile (whole shapes)', () => {
  it('matches closed forms', () => {
    // Beta(1, 1) is uniform; Beta(2, 2) has CDF 3x² − 2x³.
    expect(betaCdf(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(betaCdf(0.3, 2, 2)).toBeCloseTo(3 * 0.09 - 2 * 0.027, 12);
    expect(betaCdf(0, 2, 5)).toBe(0);
    expect(betaCdf(1, 2, 5)).toBe(1);
  });

  it('inverts the CDF, and the median of a symmetric Beta is 1/2', () => {
    expect(betaQuantile(0.5, 3, 3)).toBeCloseTo(0.5, 9);
    for (const [p, a, b] of [
      [0.025, 4, 7],
      [0.975, 40, 12],
      [0.3, 1, 9],
    ] as const)
      expect(betaCdf(betaQuantile(p, a, b), a, b)).toBeCloseTo(p, 9);
  });

  it('stays finite for large counts', () => {
    const q = betaQuantile(0.025, 5001, 5001);
    expect(q).toBeGreaterThan(0.49);
    expect(q).toBeLessThan(0.5);
  });

  it('refuses shapes that are not whole numbers ≥ 1', () => {
    expect(() => betaCdf(0.5, 0, 1)).toThrow(RangeError);
    expect(() => betaCdf(0.5, 1.5, 1)).toThrow(RangeError);
  });
});
