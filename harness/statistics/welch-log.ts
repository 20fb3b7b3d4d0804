/** Welch's two-sample t-test on the logarithms of positive values: a change as a ratio, with its interval. */
import { mean, sampleVariance } from 'simple-statistics';
import { tQuantile, twoSidedP } from './student-t.js';

/**
 * Head against base on the log scale. Times vary in proportion to their size, so logs have about
 * the same spread at any size, and a difference of mean logs is a ratio: of geometric means.
 */
export interface WelchLog {
  /** exp(mean log head - mean log base): the ratio of geometric means, head over base. */
  readonly ratio: number;
  /** Its 95% interval: exp(difference ± t(0.975, df) × se). */
  readonly low: number;
  readonly high: number;
  /** Two-sided p-value of no difference in mean log. */
  readonly p: number;
  /** Welch-Satterthwaite degrees of freedom (n1 + n2 - 2 where neither side varies). */
  readonly df: number;
  /** Standard error of the difference of mean logs. */
  readonly se: number;
  /** Sample variances of the logs, base and head. */
  readonly baseVariance: number;
  readonly headVariance: number;
  readonly baseCount: number;
  readonly headCount: number;
}

/** Why a sample cannot go into the test, or undefined when it can: two values or more, each finite and above zero. */
export function untestable(values: readonly number[]): string | undefined {
  if (values.length < 2) return `${values.length} trial${values.length === 1 ? '' : 's'}`;
  if (values.some((v) => !(Number.isFinite(v) && v > 0))) return 'a value of 0 or not finite, which has no logarithm';
  return undefined;
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  return { mean: mean([...values]), variance: sampleVariance([...values]) };
}

/** Welch-Satterthwaite degrees of freedom of two variances over their sample sizes. */
export function welchDf(v1: number, n1: number, v2: number, n2: number): number {
  const a = v1 / n1;
  const b = v2 / n2;
  // Neither side varies: no spread to weigh, and the formula is 0 / 0; the pooled count stands in.
  if (a + b === 0) return n1 + n2 - 2;
  return (a + b) ** 2 / (a ** 2 / (n1 - 1) + b ** 2 / (n2 - 1));
}

/**
 * Welch's t-test of mean log(head) against mean log(base). Both samples need two values or more,
 * each finite and above zero (see `untestable`). Samples without spread on both sides give se 0:
 * equal means then read p = 1, different ones p = 0 and an interval that is the ratio itself.
 */
export function welchLog(base: readonly number[], head: readonly number[]): WelchLog {
  for (const [side, values] of [['base', base], ['head', head]] as const) {
    const why = untestable(values);
    if (why !== undefined) throw new Error(`welchLog: ${side} has ${why}`);
  }
  const b = meanAndVariance(base.map(Math.log));
  const h = meanAndVariance(head.map(Math.log));
  const difference = h.mean - b.mean;
  const se = Math.sqrt(b.variance / base.length + h.variance / head.length);
  const df = welchDf(b.variance, base.length, h.variance, head.length);
  const t = se === 0 ? (difference === 0 ? 0 : Math.sign(difference) * Number.POSITIVE_INFINITY) : difference / se;
  const margin = se === 0 ? 0 : tQuantile(0.975, df) * se;
  return {
    ratio: Math.exp(difference),
    low: Math.exp(difference - margin),
    high: Math.exp(difference + margin),
    p: twoSidedP(t, df),
    df,
    se,
    baseVariance: b.variance,
    headVariance: h.variance,
    baseCount: base.length,
    headCount: head.length,
  };
}
