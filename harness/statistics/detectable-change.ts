/** What a test could have seen: the smallest change it would call with a given chance (power), and the trials that reach a threshold. */
// For Welch's t-test on logs: how many trials would bring that change down to a threshold.
import { tQuantile } from './student-t.js';
import { welchDf } from './welch-log.js';

/** The chance of calling a change of exactly the detectable size: 4 times in 5, the usual choice. */
export const POWER = 0.8;

/** Trials per side beyond which `trialsPerSide` stops looking: no gate will run that many. */
export const TRIALS_LIMIT = 1_000_000;

/**
 * The smallest difference of mean logs that a two-sided test at `level` calls with chance POWER:
 * (t(1 - level/2, df) + t(POWER, df)) × se. Normal theory's z-sum with t quantiles, as for a
 * sample size: a true shift of that size puts the t statistic past the critical value POWER of
 * the time.
 */
export function detectableLogShift(se: number, df: number, level: number): number {
  if (se === 0) return 0;
  return (tQuantile(1 - level / 2, df) + tQuantile(POWER, df)) * se;
}

/** The detectable shift as a change of the ratio: exp(shift) - 1 (0.062 is ±6.2%). */
export function detectableChange(se: number, df: number, level: number): number {
  return Math.expm1(detectableLogShift(se, df, level));
}

/**
 * Trials per side that bring the detectable log shift down to `reach` (log(1 + threshold) for a
 * slowdown), given the log variances of the two sides: with n trials a side, se = sqrt((v1 + v2) / n)
 * (the pooled variance (v1 + v2) / 2 over n, twice) and Welch's df at n. Both shrink the shift as n
 * grows, so the least n is found by doubling, then halving the gap. Undefined where no number
 * up to TRIALS_LIMIT does, or the reach is not above 0.
 */
export function trialsPerSide(baseVariance: number, headVariance: number, level: number, reach: number): number | undefined {
  if (!(reach > 0)) return undefined;
  const total = baseVariance + headVariance;
  if (total === 0) return 2;
  const enough = (n: number): boolean => detectableLogShift(Math.sqrt(total / n), welchDf(baseVariance, n, headVariance, n), level) <= reach;
  let high = 2;
  while (!enough(high)) {
    if (high >= TRIALS_LIMIT) return undefined;
    high = Math.min(TRIALS_LIMIT, high * 2);
  }
  let low = Math.max(1, Math.floor(high / 2)); // not enough, or below the least a test takes
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (enough(middle)) high = middle;
    else low = middle;
  }
  return high;
}
