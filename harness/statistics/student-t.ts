/** Student's t distribution, from jStat: the one place that loads it. */
import jstat from 'jstat';
import { sampleStandardDeviation } from 'simple-statistics';

const { jStat } = jstat;

/**
 * Two-sided p-value of a t statistic: P(|T| >= |t|). jStat's incomplete beta is accurate to about
 * 1e-8, so t = 0 is answered exactly (p = 1) rather than as 0.99999999, and an infinite t (two
 * samples without spread that differ) as p = 0, where jStat would give NaN.
 */
export function twoSidedP(t: number, df: number): number {
  if (t === 0) return 1;
  if (!Number.isFinite(t)) return 0;
  return Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df));
}

/** The quantile of Student's t: the x with P(T <= x) = p, for 0 < p < 1. */
export function tQuantile(p: number, df: number): number {
  return jStat.studentt.inv(p, df);
}

/**
 * Half the width of the 95% interval of the mean of `values`: t(0.975, n - 1) × sd / √n.
 * Undefined with fewer than two values, which have no spread to go on.
 */
export function meanHalfWidth95(values: readonly number[]): number | undefined {
  const n = values.length;
  if (n < 2) return undefined;
  return (tQuantile(0.975, n - 1) * sampleStandardDeviation([...values])) / Math.sqrt(n);
}
