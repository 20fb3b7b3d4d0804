/** A row's statistics from its trials, and its speedups over the sequential row. */
import { withoutHome } from '../measure/context.js';
import { countedTrials } from '../results/counted-trials.js';
import type { Row, RowPlan, RowSummary, TrialRecord } from '../results/records.js';
import { isIndependent, isReferenceRow } from '../results/row-kinds.js';
import { speedup, summarise, type Summary } from '../statistics/summary.js';
import { sameSettings, sequentialBaseline } from '../results/row-settings.js';

async function of(trials: readonly TrialRecord[], pick: (t: TrialRecord) => number | null): Promise<Summary> {
  return summarise(trials.map((t) => pick(t) ?? 0));
}

/**
 * Seconds per item at an `independent` trial's combined rate: each copy's items over its own work
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

/** Statistics of a row's measured trials; speedups are filled in once the baseline is known. */
export async function summariseTrials(trials: readonly TrialRecord[], cores: number): Promise<RowSummary> {
  const measured = countedTrials({ trials });
  const combined = measured.map(combinedPerItemSeconds);
  const hasCopies = measured.length > 0 && combined.every((v) => v !== undefined);
  const combinedOf = new Map(measured.map((t, i) => [t, combined[i] ?? null]));
  return {
    realSeconds: await of(measured, (t) => t.realSeconds),
    userSeconds: await of(measured, (t) => t.userSeconds),
    sysSeconds: await of(measured, (t) => t.sysSeconds),
    startupSeconds: await of(measured, (t) => t.startupSeconds),
    workSeconds: await of(measured, (t) => t.workSeconds),
    workCpuSeconds: await of(measured, (t) => (t.workUserSeconds ?? 0) + (t.workSysSeconds ?? 0)),
    workPerItemSeconds: await of(measured, (t) => (t.workSeconds ?? 0) / Math.max(1, t.items ?? 1)),
    ...(hasCopies ? { ceilingPerItemSeconds: await of(measured, (t) => combinedOf.get(t) ?? null) } : {}),
    peakRssBytes: await of(measured, (t) => t.peakRssBytes),
    cpuUtilisation: await of(measured, (t) => (t.userSeconds + t.sysSeconds) / (t.realSeconds * cores)),
    efficiency: measured.every((t) => t.boundSeconds !== null && (t.workSeconds ?? 0) > 0)
      ? await of(measured, (t) => (t.boundSeconds ?? 0) / (t.workSeconds ?? 1))
      : null,
    speedup: null,
  };
}

/** Builds the row: failed when any trial had a problem or none was measured; else with statistics. */
export async function finishRow(plan: RowPlan, command: readonly string[], trials: readonly TrialRecord[], cores: number): Promise<Row> {
  const common = { ...plan, command: command.map(withoutHome), trials };
  const problem = trials.find((t) => t.problem !== null)?.problem;
  if (problem !== undefined && problem !== null) return { ...common, state: 'failed', failure: problem };
  if (countedTrials({ trials }).length === 0) return { ...common, state: 'failed', failure: 'no measured trial completed' };
  return { ...common, state: 'completed', summary: await summariseTrials(trials, cores) };
}

type Completed = Extract<Row, { state: 'completed' }>;

/**
 * Adds speedups over the sequential row to every completed row. The baseline is the sequential
 * row of the same swept scenario flags (and sampling period, libuv pool size, allocator setting and
 * Node flags, where those are swept too). Every row runs the same items (the ceiling row's copies split them), so each
 * speedup is the ratio of times and, over the work window, of throughput.
 */
export function withSpeedups(rows: readonly Row[]): Row[] {
  const baselineOf = (row: Row): Completed | undefined => sequentialBaseline(rows, row);
  return rows.map((row) => {
    const baseline = baselineOf(row);
    if (row.state !== 'completed' || baseline === undefined) return row;
    return {
      ...row,
      summary: {
        ...row.summary,
        speedup: {
          real: speedup(baseline.summary.realSeconds, row.summary.realSeconds),
          work: speedup(baseline.summary.workSeconds, row.summary.workSeconds),
        },
      },
    };
  });
}

/**
 * Adds each approach's share of the ceiling: its throughput over the `independent` row's combined rate (see combinedPerItemSeconds) with
 * as many copies as it has lanes (pool workers, promise's limit), under the same flags, sampling,
 * libuv pool size, allocator setting and Node flags. Throughput is items per second of work window, so the share is the
 * ceiling's work seconds per item over the row's (ratio of medians, error propagated from both).
 */
export function withCeilingShares(rows: readonly Row[]): Row[] {
  const ceilings = rows.filter((row): row is Completed => row.state === 'completed' && isIndependent(row));
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
