/** Adjusted p-values for a family of tests: Holm and Benjamini-Hochberg. */
// A comparison of many rows at α each calls about α of its unchanged rows changed; adjusting every
// row's p for the others keeps the whole comparison's error at α instead.

/** `holm`: the chance of any false alarm ≤ α; `bh`: the share of false alarms among rows called changed ≤ α; `none`: each row alone at α. */
export type Correction = 'holm' | 'bh' | 'none';

export const CORRECTIONS: readonly Correction[] = ['holm', 'bh', 'none'];

/** Indexes of `p` from the smallest p-value up; ties keep their input order. */
const ascending = (p: readonly number[]): number[] => p.map((_, i) => i).sort((a, b) => (p[a] as number) - (p[b] as number) || a - b);

/**
 * Holm's step-down adjustment: the k-th smallest of m p-values is multiplied by m - k + 1, and
 * no adjusted value may be below one before it in that order (so the order of the rows is kept).
 * Rejecting every adjusted p < α keeps the chance of any false rejection at α, whatever the
 * dependence between the tests.
 */
export function holm(p: readonly number[]): number[] {
  const m = p.length;
  const adjusted = new Array<number>(m).fill(1);
  let highest = 0;
  ascending(p).forEach((index, k) => {
    highest = Math.max(highest, Math.min(1, (m - k) * (p[index] as number)));
    adjusted[index] = highest;
  });
  return adjusted;
}

/**
 * Benjamini and Hochberg's step-up adjustment: the k-th smallest of m p-values is multiplied by
 * m / k, and no adjusted value may be above one after it in that order. Rejecting every adjusted
 * p < α keeps the expected share of false rejections among the rejections at α (for independent
 * or positively dependent tests): more rows called than Holm, some of them wrongly.
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const adjusted = new Array<number>(m).fill(1);
  const order = ascending(p);
  let lowest = 1;
  for (let k = m - 1; k >= 0; k -= 1) {
    const index = order[k] as number;
    lowest = Math.min(lowest, (m / (k + 1)) * (p[index] as number));
    adjusted[index] = lowest;
  }
  return adjusted;
}

/** Each p-value adjusted for the family, in the input order. */
export function adjust(p: readonly number[], correction: Correction): number[] {
  if (correction === 'holm') return holm(p);
  if (correction === 'bh') return benjaminiHochberg(p);
  return p.map((value) => Math.min(1, value));
}

/**
 * The strictest per-row level a row may face: α / m for Holm and for Benjamini-Hochberg's first
 * step (the smallest p must beat it), α uncorrected. What a row must reach to be called changed
 * whatever the others show, so what its detectable change is computed at.
 */
export function strictestLevel(alpha: number, m: number, correction: Correction): number {
  return correction === 'none' ? alpha : alpha / Math.max(1, m);
}
