/**
 * How far an actor's threats are to be believed: of the threats whose fate is known,
 * the share that was carried out. Withdrawn and lapsed threats count against; open ones
 * are counted apart, since they may yet go either way.
 *
 * A raw ratio of 1 from one threat says little, so beside it comes the posterior of a
 * Beta(1, 1) (uniform) prior updated with k carried out of n settled: Beta(k + 1,
 * n − k + 1), its mean (k + 1) / (n + 2) (Laplace's rule of succession) and its 95%
 * equal-tailed credible interval. Ten of ten reads 0.917 [0.715, 0.998]; one of one
 * 0.667 [0.158, 0.987].
 */

export type ThreatFate = 'open' | 'carried-out' | 'withdrawn' | 'lapsed';

export interface ThreatTally {
  readonly total: number;
  readonly open: number;
  readonly carriedOut: number;
  readonly withdrawn: number;
  readonly lapsed: number;
  /** carriedOut + withdrawn + lapsed: the threats whose fate is known. */
  readonly settled: number;
}

export interface CredibilityFigure {
  readonly threats: ThreatTally;
  /** carriedOut / settled; null while nothing is settled. */
  readonly ratio: number | null;
  /** The Beta(1, 1) posterior of the share carried out. */
  readonly estimate: CredibilityEstimate;
}

/** A share's posterior mean and its equal-tailed credible interval. */
export interface CredibilityEstimate {
  readonly mean: number;
  readonly lower: number;
  readonly upper: number;
  readonly level: number;
}

/** The credible interval's level. */
export const CREDIBLE_LEVEL = 0.95;

export function tallyThreats(fates: Iterable<ThreatFate>): ThreatTally {
  const counts: Record<ThreatFate, number> = {
    open: 0,
    'carried-out': 0,
    withdrawn: 0,
    lapsed: 0,
  };
  for (const fate of fates) counts[fate] += 1;
  const settled = counts['carried-out'] + counts.withdrawn + counts.lapsed;
  return {
    total: settled + counts.open,
    open: counts.open,
    carriedOut: counts['carried-out'],
    withdrawn: counts.withdrawn,
    lapsed: counts.lapsed,
    settled,
  };
}

export function credibility(tally: ThreatTally): CredibilityFigure {
  const alpha = tally.carriedOut + 1;
  const beta = tally.settled - tally.carriedOut + 1;
  const tail = (1 - CREDIBLE_LEVEL) / 2;
  return {
    threats: tally,
    ratio: tally.settled === 0 ? null : round(tally.carriedOut / tally.settled),
    estimate: {
      mean: round(alpha / (alpha + beta)),
      lower: round(betaQuantile(tail, alpha, beta)),
      upper: round(betaQuantile(1 - tail, alpha, beta)),
      level: CREDIBLE_LEVEL,
    },
  };
}

/**
 * The regularised incomplete beta function I_x(a, b), the CDF of Beta(a, b), for whole
 * a, b ≥ 1: then it equals the chance of at least a successes in a + b − 1 Bernoulli(x)
 * trials, a finite binomial sum, computed in logs so large counts neither overflow nor
 * underflow.
 */
export function betaCdf(x: number, a: number, b: number): number {
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 1 || b < 1)
    throw new RangeError(`betaCdf takes whole shapes ≥ 1, not (${a}, ${b})`);
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const trials = a + b - 1;
  const logFactorial = [0];
  for (let i = 1; i <= trials; i++)
    logFactorial.push((logFactorial[i - 1] as number) + Math.log(i));
  const lf = (i: number): number => logFactorial[i] as number;
  let sum = 0;
  for (let j = a; j <= trials; j++) {
    sum += Math.exp(
      lf(trials) - lf(j) - lf(trials - j) + j * Math.log(x) + (trials - j) * Math.log1p(-x),
    );
  }
  return Math.min(1, sum);
}

/** The p-quantile of Beta(a, b) (whole shapes), by bisection of the CDF to 1e-12. */
export function betaQuantile(p: number, a: number, b: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`p must be in [0, 1], not ${p}`);
  let low = 0;
  let high = 1;
  while (high - low > 1e-12) {
    const middle = (low + high) / 2;
    if (betaCdf(middle, a, b) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
