/** Formatting of quantities for people: seconds, durations, percentages, ratios, sizes. */
import type { Ratio, Summary } from '../statistics/summary.js';

/** Seconds with a precision that suits their size. */
export function seconds(value: number): string {
  if (value < 0.1) return `${(value * 1000).toFixed(1)} ms`;
  return `${value.toFixed(value < 10 ? 3 : 2)} s`;
}

/** A median with its standard deviation, both in the median's unit: "1.234 s ± 0.021". */
export function secondsSpread(summary: Summary): string {
  if (summary.median < 0.1) return `${(summary.median * 1000).toFixed(1)} ± ${(summary.sd * 1000).toFixed(1)} ms`;
  const digits = summary.median < 10 ? 3 : 2;
  return `${summary.median.toFixed(digits)} ± ${summary.sd.toFixed(digits)} s`;
}

/** A short duration with the unit that suits it: ns, µs, ms or s. */
export function shortDuration(seconds: number): string {
  if (seconds < 1e-6) return `${(seconds * 1e9).toFixed(0)} ns`;
  if (seconds < 1e-3) return `${(seconds * 1e6).toFixed(seconds < 1e-5 ? 2 : 1)} µs`;
  if (seconds < 1) return `${(seconds * 1e3).toFixed(seconds < 1e-2 ? 2 : 1)} ms`;
  return `${seconds.toFixed(3)} s`;
}

/** A long duration (a projection, say): seconds, with minutes or hours beside once it is long. */
export function longDuration(totalSeconds: number): string {
  if (totalSeconds < 60) return seconds(totalSeconds);
  if (totalSeconds < 3600) return `${totalSeconds.toFixed(0)} s (~${(totalSeconds / 60).toFixed(1)} min)`;
  return `${totalSeconds.toFixed(0)} s (~${(totalSeconds / 3600).toFixed(1)} h)`;
}

export function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(0)}%`;
}

export function ratio(value: Ratio): string {
  return `${value.value.toFixed(2)} ± ${value.error.toFixed(2)}x`;
}

export function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
}
