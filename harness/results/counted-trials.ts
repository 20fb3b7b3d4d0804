/** The one rule of which trials count, and a row's typical trial. */
import type { Row, TrialRecord } from './records.js';

/** Trials that count: measured, not warm-up, without a problem. */
export function countedTrials(row: Pick<Row, 'trials'>): TrialRecord[] {
  return row.trials.filter((t) => !t.warmup && t.problem === null);
}

/** The trial whose real time is the median (the lower one of an even count): a row's typical trial. */
export function medianTrial(row: Row): TrialRecord | undefined {
  const trials = countedTrials(row).sort((a, b) => a.realSeconds - b.realSeconds);
  return trials[Math.floor((trials.length - 1) / 2)];
}

/** Measured trials: not warm-up, whether or not they had a problem. */
export function measuredTrials(row: Pick<Row, 'trials'>): TrialRecord[] {
  return row.trials.filter((t) => !t.warmup);
}
