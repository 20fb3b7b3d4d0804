/** Summary statistics of samples (through tinybench), and a speedup with its error. */
import { Bench } from 'tinybench';

/** Statistics of one quantity over a row's trials, in the quantity's own unit. */
export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly mean: number;
  /** Sample standard deviation. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  /** Median absolute deviation (unscaled). */
  readonly mad: number;
  /** Relative margin of error of the mean at 95%, in percent. */
  readonly rme: number;
  /** Coefficient of variation, sd / mean, as a fraction. */
  readonly cv: number;
}

/**
 * tinybench computes the statistics: the samples were measured by the harness (one fresh
 * process per trial, interleaved across strategies), so each is handed to tinybench as an
 * overridden duration of one iteration, and its Statistics are read back.
 */
export async function summarise(samples: readonly number[]): Promise<Summary> {
  if (samples.length === 0) throw new Error('summarise: no samples');
  let next = 0;
  const bench = new Bench({ iterations: samples.length, time: 0, warmup: false, retainSamples: true });
  // beforeAll resets the index: tinybench may call the function once beforehand to detect async.
  bench.add('samples', () => ({ overriddenDuration: samples[next++] as number }), { beforeAll: () => void (next = 0) });
  await bench.run();
  const result = bench.tasks[0]?.result;
  if (result === undefined || !('latency' in result)) throw new Error('summarise: tinybench returned no statistics');
  const { latency } = result;
  if (latency.samplesCount !== samples.length) {
    throw new Error(`summarise: tinybench ran ${latency.samplesCount} iterations for ${samples.length} samples`);
  }
  return {
    n: latency.samplesCount,
    median: latency.p50,
    mean: latency.mean,
    sd: Number.isFinite(latency.sd) ? latency.sd : 0,
    min: latency.min,
    max: latency.max,
    mad: latency.mad,
    rme: Number.isFinite(latency.rme) ? latency.rme : 0,
    cv: latency.mean === 0 ? 0 : (Number.isFinite(latency.sd) ? latency.sd : 0) / latency.mean,
  };
}

/** A ratio with its uncertainty: `value ± error`. */
export interface Ratio {
  readonly value: number;
  readonly error: number;
}

/**
 * How many times faster `row` is than `baseline`: the ratio of medians, with the error
 * propagated from both relative standard deviations (as hyperfine does for means).
 */
export function speedup(baseline: Summary, row: Summary): Ratio {
  const value = baseline.median / row.median;
  const relative = Math.hypot(baseline.sd / baseline.mean || 0, row.sd / row.mean || 0);
  return { value, error: value * relative };
}
