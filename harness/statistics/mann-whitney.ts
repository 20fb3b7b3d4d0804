/** The Mann-Whitney U test: exact for small samples, normal approximation beyond. */
import { errorFunction } from 'simple-statistics';

/** A two-sided Mann-Whitney U test of two independent samples (Wilcoxon rank-sum), as benchstat uses. */
export interface MannWhitney {
  /** U of the first sample: the pairs (a, b) with a > b, a tie counting one half. */
  readonly u: number;
  /** Two-sided p-value: the chance of a U at least this far from its mean if both samples came from one distribution. */
  readonly p: number;
  /** `exact`: the permutation distribution of the rank sums (ties kept); `normal`: the tie-corrected normal approximation. */
  readonly method: 'exact' | 'normal';
}

/** Pooled sizes up to this get the exact distribution; beyond, the normal approximation is close enough. */
export const EXACT_LIMIT = 60;

/** Ranks 1..n of the values, tied values sharing the mean of their ranks. */
export function midranks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((a, b) => a.value - b.value);
  const ranks = new Array<number>(values.length).fill(0);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]?.value === order[start]?.value) end += 1;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k += 1) ranks[(order[k] as { index: number }).index] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Sum over tie groups of t^3 - t, the correction to the variance of U. */
function tieTerm(values: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let term = 0;
  for (const t of counts.values()) term += t ** 3 - t;
  return term;
}

/**
 * The permutation distribution of the first sample's rank sum, doubled so that midranks
 * (halves) become whole numbers: `counts[s]` is how many ways n1 of the pooled ranks sum to s / 2.
 */
function rankSumCounts(doubledRanks: readonly number[], n1: number): Float64Array {
  const total = doubledRanks.reduce((sum, rank) => sum + rank, 0);
  // layers[k][s]: subsets of size k whose doubled ranks sum to s
  const layers = Array.from({ length: n1 + 1 }, () => new Float64Array(total + 1));
  (layers[0] as Float64Array)[0] = 1;
  doubledRanks.forEach((rank, seen) => {
    for (let k = Math.min(seen + 1, n1); k >= 1; k -= 1) {
      const into = layers[k] as Float64Array;
      const from = layers[k - 1] as Float64Array;
      for (let s = total; s >= rank; s -= 1) into[s] = (into[s] as number) + (from[s - rank] as number);
    }
  });
  return layers[n1] as Float64Array;
}

/** Standard normal upper tail, P(Z >= z). */
function upperTail(z: number): number {
  return 0.5 * (1 - errorFunction(z / Math.SQRT2));
}

/**
 * Two-sided Mann-Whitney U test. Exact (conditional on ties) while both samples together hold at
 * most EXACT_LIMIT values; otherwise the normal approximation with tie and continuity corrections
 * (what scipy's `mannwhitneyu(method='asymptotic')` computes).
 */
export function mannWhitney(a: readonly number[], b: readonly number[]): MannWhitney {
  if (a.length === 0 || b.length === 0) throw new Error('mannWhitney: both samples need at least one value');
  const n1 = a.length;
  const n2 = b.length;
  const pooled = [...a, ...b];
  const ranks = midranks(pooled);
  const rankSum = ranks.slice(0, n1).reduce((sum, rank) => sum + rank, 0);
  const u = rankSum - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  if (n <= EXACT_LIMIT) {
    const counts = rankSumCounts(ranks.map((rank) => Math.round(rank * 2)), n1);
    const mean = n1 * (n + 1); // doubled mean rank sum
    const observed = Math.abs(Math.round(rankSum * 2) - mean);
    let extreme = 0;
    let all = 0;
    counts.forEach((count, s) => {
      all += count;
      if (Math.abs(s - mean) >= observed) extreme += count;
    });
    return { u, p: Math.min(1, extreme / all), method: 'exact' };
  }
  const variance = ((n1 * n2) / 12) * (n + 1 - tieTerm(pooled) / (n * (n - 1)));
  if (variance <= 0) return { u, p: 1, method: 'normal' };
  const z = Math.max(0, Math.abs(u - (n1 * n2) / 2) - 0.5) / Math.sqrt(variance);
  return { u, p: Math.min(1, 2 * upperTail(z)), method: 'normal' };
}

/** The smallest two-sided p-value any outcome can give with these sizes: 2 / C(n1 + n2, n1). */
export function smallestP(n1: number, n2: number): number {
  let combinations = 1;
  for (let k = 1; k <= n1; k += 1) combinations = (combinations * (n2 + k)) / k;
  return Math.min(1, 2 / combinations);
}
