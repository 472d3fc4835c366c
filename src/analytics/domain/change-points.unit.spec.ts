import {
  bicPenalty,
  noiseSigma,
  optimalPartitioning,
  pelt,
  segmentsOf,
  type PeltOptions,
} from './change-points';

/** mulberry32: a small seeded generator, so every run sees the same "random" series. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian noise (Box–Muller) with standard deviation `sd`, from a seeded generator. */
function noise(seed: number, sd = 1): () => number {
  const uniform = generator(seed);
  return () => sd * Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Levels held for given lengths, plus noise: [[mean, length], ...]. */
function steps(levels: readonly (readonly [number, number])[], seed: number, sd = 1): number[] {
  const next = noise(seed, sd);
  return levels.flatMap(([mean, length]) => Array.from({ length }, () => mean + next()));
}

/** PELT as the endpoint runs it: BIC penalty on the robust σ, segments of at least two. */
function detect(values: readonly number[], minSegment = 2): number[] {
  return pelt(values, { penalty: bicPenalty(noiseSigma(values), values.length), minSegment });
}

describe('pelt: change in mean, BIC penalty on a robust σ', () => {
  it('finds one shift at its exact index', () => {
    // 25 records around +2, then 25 around −3: the change is at index 25.
    const values = steps(
      [
        [2, 25],
        [-3, 25],
      ],
      7,
    );
    expect(detect(values)).toEqual([25]);
  });

  it('finds one shift at its exact index on a hand-made series without randomness', () => {
    // ±0.5 around 1, then ±0.5 around −4 from index 6. Most first differences are −1,
    // so their MAD is 0 and σ̂ falls back to their spread.
    const values = [1.5, 0.5, 1.5, 0.5, 1.5, 0.5, -3.5, -4.5, -3.5, -4.5, -3.5, -4.5];
    expect(detect(values)).toEqual([6]);
  });

  it('finds no shift in a flat noisy series', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const values = steps([[-1, 60]], seed);
      expect([seed, detect(values)]).toEqual([seed, []]);
    }
  });

  it('finds two shifts, up and back down past where it started', () => {
    const values = steps(
      [
        [0, 20],
        [5, 15],
        [-3, 25],
      ],
      11,
    );
    expect(detect(values)).toEqual([20, 35]);
    const segments = segmentsOf(values, [20, 35]);
    expect(segments.map((s) => [s.start, s.end])).toEqual([
      [0, 20],
      [20, 35],
      [35, 60],
    ]);
    // Means near the levels they were drawn around (noise σ = 1, 15 to 25 values each:
    // a standard error of 0.2 to 0.26).
    const [first, second, third] = segments.map((s) => s.mean);
    expect(Math.abs((first ?? NaN) - 0)).toBeLessThan(0.75);
    expect(Math.abs((second ?? NaN) - 5)).toBeLessThan(0.75);
    expect(Math.abs((third ?? NaN) + 3)).toBeLessThan(0.75);
  });

  it('never cuts a segment shorter than minSegment', () => {
    const values = [0, 0.2, -0.1, 0.1, 9, 0, -0.2, 0.1, 0, 0.2];
    // With segments of one the outlier at index 4 stands alone: a change before and after.
    expect(pelt(values, { penalty: 1, minSegment: 1 })).toEqual([4, 5]);
    for (const minSegment of [2, 3, 4, 5]) {
      const changes = pelt(values, { penalty: 1, minSegment });
      const lengths = segmentsOf(values, changes).map((s) => s.end - s.start);
      expect(changes.length).toBeGreaterThan(0);
      expect([minSegment, lengths.every((length) => length >= minSegment)]).toEqual([
        minSegment,
        true,
      ]);
    }
    // Five and five is the only split allowed with minSegment 5; the outlier still pays for it.
    expect(pelt(values, { penalty: 1, minSegment: 5 })).toEqual([5]);
  });

  it('makes no change when the penalty outweighs any saving, and every change when it is zero', () => {
    const values = [0, 0, 10, 10];
    // One change saves the whole cost, Σd² = 4 × 25 = 100.
    expect(pelt(values, { penalty: 100, minSegment: 1 })).toEqual([]);
    expect(pelt(values, { penalty: 99.9, minSegment: 1 })).toEqual([2]);
  });

  it('answers no change for series too short to split', () => {
    expect(pelt([], { penalty: 1, minSegment: 1 })).toEqual([]);
    expect(pelt([3], { penalty: 0, minSegment: 1 })).toEqual([]);
    expect(pelt([1, 9, 1], { penalty: 0, minSegment: 2 })).toEqual([]);
  });

  it('refuses a negative penalty and a minimum segment below one', () => {
    expect(() => pelt([1, 2], { penalty: -1, minSegment: 1 })).toThrow(RangeError);
    expect(() => pelt([1, 2], { penalty: 1, minSegment: 0 })).toThrow(RangeError);
  });

  it('prunes without losing the optimum: the same changes as optimal partitioning', () => {
    const uniform = generator(2024);
    for (let trial = 0; trial < 200; trial++) {
      const length = 5 + Math.floor(uniform() * 60);
      const levels = Array.from({ length: 1 + Math.floor(uniform() * 4) }, (): [number, number] => [
        Math.round(uniform() * 20 - 10),
        1 + Math.floor(uniform() * 20),
      ]);
      const values = steps(levels, trial + 1, 0.5 + uniform() * 2).slice(0, length);
      const options: PeltOptions = {
        penalty: uniform() * 20,
        minSegment: 1 + Math.floor(uniform() * 4),
      };
      expect([trial, pelt(values, options)]).toEqual([trial, optimalPartitioning(values, options)]);
    }
  });
});

describe('noiseSigma: the MAD of first differences', () => {
  it('is 1.4826 × MAD(differences) / √2, computed by hand', () => {
    // differences 2, −1, 3, −1; median 0.5; |d − 0.5| = 1.5, 1.5, 2.5, 1.5; MAD 1.5
    // σ̂ = 1.4826 × 1.5 / √2 ≈ 1.57253
    expect(noiseSigma([1, 3, 2, 5, 4])).toBeCloseTo(1.57253, 5);
  });

  it('is not swayed by a level shift', () => {
    const values = steps(
      [
        [0, 200],
        [8, 200],
      ],
      3,
    );
    expect(noiseSigma(values)).toBeGreaterThan(0.85);
    expect(noiseSigma(values)).toBeLessThan(1.15);
  });

  it('falls back to the spread of the differences when most of them are equal', () => {
    // differences 0, 0, 0, −2, 0, 0, 0: MAD 0; mean −2/7, population sd of the
    // differences √(6 × (2/7)² + (12/7)²) / √7 = √(24/49 + 144/49) / √7 = √(168/343)
    // ≈ 0.69985; σ̂ = 0.69985 / √2 ≈ 0.49487
    expect(noiseSigma([-5, -5, -5, -5, -7, -7, -7, -7])).toBeCloseTo(0.49487, 5);
    expect(detect([-5, -5, -5, -5, -7, -7, -7, -7])).toEqual([4]);
  });

  it('is zero for a constant series, and then nothing is a shift', () => {
    expect(noiseSigma([3, 3, 3, 3])).toBe(0);
    expect(noiseSigma([3])).toBe(0);
    expect(detect([3, 3, 3, 3, 3, 3])).toEqual([]);
  });
});

describe('bicPenalty', () => {
  it('is 2 σ² ln n', () => {
    // 2 × 1.5² × ln 100 = 4.5 × 4.60517 ≈ 20.72327
    expect(bicPenalty(1.5, 100)).toBeCloseTo(20.72327, 4);
    expect(bicPenalty(1, 1)).toBe(0);
  });
});
