/** A row's statistics from its trials, and its speedups over the sequential row. */
import { withoutHome } from '../measure/context.js';
import { countedTrials } from '../results/counted-trials.js';
import type { Row, RowPlan, RowSummary, TrialRecord } from '../results/records.js';
import { speedup, summarise, type Summary } from '../statistics/summary.js';
import { sequentialBaseline } from '../results/row-settings.js';
import type { RowKind } from './row-kinds/row-kind.js';

async function of(trials: readonly TrialRecord[], pick: (t: TrialRecord) => number | null): Promise<Summary> {
  return summarise(trials.map((t) => pick(t) ?? 0));
}

/** Statistics of a row's measured trials, with what its row kind adds (if any); speedups are filled in once the baseline is known. */
export async function summariseTrials(trials: readonly TrialRecord[], cores: number, kind?: Pick<RowKind, 'summarise'>): Promise<RowSummary> {
  const measured = countedTrials({ trials });
  return {
    realSeconds: await of(measured, (t) => t.realSeconds),
    userSeconds: await of(measured, (t) => t.userSeconds),
    sysSeconds: await of(measured, (t) => t.sysSeconds),
    startupSeconds: await of(measured, (t) => t.startupSeconds),
    workSeconds: await of(measured, (t) => t.workSeconds),
    workCpuSeconds: await of(measured, (t) => (t.workUserSeconds ?? 0) + (t.workSysSeconds ?? 0)),
    workPerItemSeconds: await of(measured, (t) => (t.workSeconds ?? 0) / Math.max(1, t.items ?? 1)),
    ...(kind === undefined ? {} : await kind.summarise(measured)),
    peakRssBytes: await of(measured, (t) => t.peakRssBytes),
    cpuUtilisation: await of(measured, (t) => (t.userSeconds + t.sysSeconds) / (t.realSeconds * cores)),
    efficiency: measured.every((t) => t.boundSeconds !== null && (t.workSeconds ?? 0) > 0)
      ? await of(measured, (t) => (t.boundSeconds ?? 0) / (t.workSeconds ?? 1))
      : null,
    speedup: null,
  };
}

/** Builds the row: failed when any trial had a problem or none was measured; else with statistics, and what `kind` (its row kind, if any) adds. */
export async function finishRow(plan: RowPlan, command: readonly string[], trials: readonly TrialRecord[], cores: number, kind?: Pick<RowKind, 'summarise'>): Promise<Row> {
  const common = { ...plan, command: command.map(withoutHome), trials };
  const problem = trials.find((t) => t.problem !== null)?.problem;
  if (problem !== undefined && problem !== null) return { ...common, state: 'failed', failure: problem };
  if (countedTrials({ trials }).length === 0) return { ...common, state: 'failed', failure: 'no measured trial completed' };
  return { ...common, state: 'completed', summary: await summariseTrials(trials, cores, kind) };
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
