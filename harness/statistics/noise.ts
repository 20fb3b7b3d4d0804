/** How noisy a row's samples are: outliers by modified z-score, the noise threshold, and the iterations a precision needs. */
import { medianSorted } from 'simple-statistics';

/** A row is flagged as noisy above this coefficient of variation of its real time. */
export const NOISY_CV = 0.05;
/** Modified z-score above which a sample is an outlier (Iglewicz and Hoaglin; hyperfine uses it too). */
export const OUTLIER_Z = 3.5;
/** The precision the iteration estimate aims for: the mean within ±2% at 95% confidence. */
export const TARGET_PRECISION = 0.02;


/** Indexes of samples whose modified z-score (0.6745 (x - median) / MAD) exceeds 3.5. */
export function outliers(samples: readonly number[]): number[] {
  if (samples.length < 3) return [];
  const m = medianSorted([...samples].sort((a, b) => a - b));
  const mad = medianSorted(samples.map((x) => Math.abs(x - m)).sort((a, b) => a - b));
  if (mad === 0) return [];
  return samples.flatMap((x, i) => (Math.abs((0.6745 * (x - m)) / mad) > OUTLIER_Z ? [i] : []));
}

/** Iterations for the mean to fall within ±TARGET_PRECISION at 95%, given a coefficient of variation. */
export function iterationsFor(cv: number, precision = TARGET_PRECISION): number {
  return Math.max(2, Math.ceil(((1.96 * cv) / precision) ** 2));
}

/** Plain-word warnings about one row's real-time samples: high variation, outliers, iterations needed. */
export function noiseWarnings(label: string, samples: readonly number[], cv: number): string[] {
  const warnings: string[] = [];
  if (cv > NOISY_CV) {
    warnings.push(
      `${label} is noisy: its real time varies by ${(cv * 100).toFixed(1)}% (coefficient of variation over ${samples.length} trials); ` +
        `about ${iterationsFor(cv)} iterations would pin its mean within ±${TARGET_PRECISION * 100}% at 95%.`,
    );
  }
  const odd = outliers(samples);
  if (odd.length > 0) {
    const values = odd.map((i) => `${(samples[i] as number).toFixed(3)} s`).join(', ');
    warnings.push(`${label} had ${odd.length} outlier trial(s) (modified z-score > ${OUTLIER_Z}): ${values}; the median is robust to them, the mean is not.`);
  }
  return warnings;
}
