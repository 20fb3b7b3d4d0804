/** A ratio of medians with a seeded bootstrap interval. */
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { median, quantileSorted } from 'simple-statistics';

/** A ratio of medians (head over base) with a 95% percentile-bootstrap interval; unitless. */
export interface RatioInterval {
  readonly ratio: number;
  readonly low: number;
  readonly high: number;
}

/** Resamples per interval: enough for stable 2.5% and 97.5% percentiles, fast for small samples. */
export const RESAMPLES = 2000;

/** Fixed, so the same two files always give the same interval. */
export const SEED = 20240917;

/**
 * median(head) / median(base) with a 95% interval from the percentile bootstrap: each of
 * RESAMPLES rounds draws both samples again with replacement and takes the ratio of their medians.
 * The generator is seeded, so the interval is reproducible.
 */
export function ratioOfMedians(base: readonly number[], head: readonly number[], seed = SEED): RatioInterval {
  if (base.length === 0 || head.length === 0) throw new Error('ratioOfMedians: both samples need at least one value');
  const rng = xoroshiro128plus(seed);
  const resample = (values: readonly number[]): number[] =>
    Array.from({ length: values.length }, () => values[uniformInt(rng, 0, values.length - 1)] as number);
  const ratios: number[] = [];
  for (let round = 0; round < RESAMPLES; round += 1) ratios.push(median(resample(head)) / median(resample(base)));
  ratios.sort((x, y) => x - y);
  return { ratio: median([...head]) / median([...base]), low: quantileSorted(ratios, 0.025), high: quantileSorted(ratios, 0.975) };
}
