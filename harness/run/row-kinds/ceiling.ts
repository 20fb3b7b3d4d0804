/** The `independent` ceiling as a row kind: planned from the workers, run as copies at once, summarised at their combined rate, giving each approach its share of it. */
import type { Row, TrialRecord } from '../../results/records.js';
import { CEILING, isReferenceRow } from '../../results/row-kinds.js';
import { sameSettings } from '../../results/row-settings.js';
import { speedup, summarise } from '../../statistics/summary.js';
import { copyRuns, recordCopies } from './ceiling-copies.js';
import type { RowKind } from './row-kind.js';

type Completed = Extract<Row, { state: 'completed' }>;

/**
 * Seconds per item at a ceiling trial's combined rate: each copy's items over its own work
 * window, summed over the copies. The copies split the items in fixed shares, so the longest copy
 * waits out its share after the others finished; a pool hands the last items to whichever worker
 * is free and has no such tail. The combined rate is what the copies reached while they ran, the
 * most N processes doing the work gave. Undefined where a copy did not report its window.
 */
export function combinedPerItemSeconds(trial: TrialRecord): number | undefined {
  const copies = trial.copies ?? [];
  if (copies.length === 0 || copies.some((c) => c.workSeconds === null || c.workSeconds <= 0 || c.items === null)) return undefined;
  const rate = copies.reduce((total, c) => total + (c.items ?? 0) / (c.workSeconds ?? 1), 0);
  return rate > 0 ? 1 / rate : undefined;
}

/**
 * Adds each approach's share of the ceiling: its throughput over the ceiling row's combined rate (see combinedPerItemSeconds) with
 * as many copies as it has lanes (pool workers, promise's limit), under the same flags, sampling,
 * libuv pool size, allocator setting and Node flags. Throughput is items per second of work window, so the share is the
 * ceiling's work seconds per item over the row's (ratio of medians, error propagated from both).
 */
export function withCeilingShares(rows: readonly Row[]): Row[] {
  const ceilings = rows.filter((row): row is Completed => row.state === 'completed' && CEILING.holds(row));
  return rows.map((row) => {
    if (row.state !== 'completed' || isReferenceRow(row) || row.parallelism === undefined) return row;
    const ceiling = ceilings.find(
      (c) => c.workers === row.parallelism && sameSettings(c, row),
    );
    if (ceiling === undefined) return row;
    const reference = ceiling.summary.ceilingPerItemSeconds ?? ceiling.summary.workPerItemSeconds;
    return { ...row, summary: { ...row.summary, ofCeiling: speedup(reference, row.summary.workPerItemSeconds) } };
  });
}

/**
 * The ceiling row kind in a run. Planned like a pool: one row per `--workers` value, whose
 * `workers` is the number of sequential copies run at once. A trial is its copies, each over its
 * share of the items, measured together; the row records the first copy's command (the others
 * differ only in --items and --first-item). Its summary adds the copies' combined rate, and every
 * approach with as many lanes gets its share of it.
 */
export const ceilingRows: RowKind = {
  ...CEILING,
  planned: { usesWorkers: true, usesConcurrency: false },
  schedule: (scenario, plan, options, limits) => {
    const copies = copyRuns(scenario, plan, options, limits);
    return { plan, command: copies[0]?.command ?? [], copies };
  },
  record: (round, warmup, m, row, reference, windowSampleIntervalMs) => {
    if (!('copies' in m)) throw new Error(`a trial of the ${CEILING.name} row is its copies measured at once, not one process`);
    // Each copy is checked against its share of the reference; copies never become a reference.
    return recordCopies(round, warmup, m, (row.copies ?? []).map((copy) => copy.share), reference, windowSampleIntervalMs);
  },
  summarise: async (measured) => {
    const combined = measured.map(combinedPerItemSeconds);
    if (measured.length === 0 || combined.some((v) => v === undefined)) return {};
    return { ceilingPerItemSeconds: await summarise(combined.map((v) => v ?? 0)) };
  },
  gives: withCeilingShares,
};
