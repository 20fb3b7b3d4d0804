import type { RowPlan } from './rows.js';
import type { Row, RowSummary, TrialRecord } from './results.js';
import { speedup, summarize, type Summary } from './stats.js';

const counted = (trials: readonly TrialRecord[]): TrialRecord[] => trials.filter((t) => !t.warmup && t.problem === null);

async function of(trials: readonly TrialRecord[], pick: (t: TrialRecord) => number | null): Promise<Summary> {
  return summarize(trials.map((t) => pick(t) ?? 0));
}

/** Statistics of a row's measured trials; speedups are filled in once the baseline is known. */
export async function summariseTrials(trials: readonly TrialRecord[], cores: number): Promise<RowSummary> {
  const measured = counted(trials);
  return {
    realSeconds: await of(measured, (t) => t.realSeconds),
    userSeconds: await of(measured, (t) => t.userSeconds),
    sysSeconds: await of(measured, (t) => t.sysSeconds),
    startupSeconds: await of(measured, (t) => t.startupSeconds),
    workSeconds: await of(measured, (t) => t.workSeconds),
    workCpuSeconds: await of(measured, (t) => (t.workUserSeconds ?? 0) + (t.workSysSeconds ?? 0)),
    peakRssBytes: await of(measured, (t) => t.peakRssBytes),
    cpuUtilisation: await of(measured, (t) => (t.userSeconds + t.sysSeconds) / (t.realSeconds * cores)),
    efficiency: measured.every((t) => t.boundSeconds !== null && (t.workSeconds ?? 0) > 0)
      ? await of(measured, (t) => (t.boundSeconds ?? 0) / (t.workSeconds ?? 1))
      : null,
    speedup: null,
  };
}

/** Builds the row: failed when any trial had a problem or none was measured; else with statistics. */
export async function finishRow(
  plan: RowPlan,
  base: { chunkSize: number; command: readonly string[] },
  trials: readonly TrialRecord[],
  cores: number,
): Promise<Row> {
  const common = { ...plan, chunkSize: base.chunkSize, command: base.command, trials };
  const problem = trials.find((t) => t.problem !== null)?.problem;
  if (problem !== undefined && problem !== null) return { ...common, state: 'failed', failure: problem };
  if (counted(trials).length === 0) return { ...common, state: 'failed', failure: 'no measured trial completed' };
  return { ...common, state: 'completed', summary: await summariseTrials(trials, cores) };
}

/** Adds speedups over the sequential row to every completed row. */
export function withSpeedups(rows: readonly Row[]): Row[] {
  const baseline = rows.find((row) => row.strategy === 'sequential' && row.state === 'completed');
  if (baseline === undefined || baseline.state !== 'completed') return [...rows];
  return rows.map((row) =>
    row.state === 'completed'
      ? {
          ...row,
          summary: {
            ...row.summary,
            speedup: {
              real: speedup(baseline.summary.realSeconds, row.summary.realSeconds),
              work: speedup(baseline.summary.workSeconds, row.summary.workSeconds),
            },
          },
        }
      : row,
  );
}
