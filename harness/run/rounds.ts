/** The row scheduler: references first, then every row's trials interleaved round by round. */
import type { ProcessMeasurement } from '../measure/process.js';
import { trialRecord, type RowPlan, type TrialRecord } from '../results/records.js';
import type { TrialReport } from '../trial/report.js';
import { roundOrder } from './rows.js';
import { trialProblem, type Reference } from './verify.js';

/** A planned row with its trial command, built once. */
export interface ScheduledRow {
  readonly plan: RowPlan;
  readonly command: readonly string[];
}

/** Runs one trial command and measures it; injected, so the scheduler is tested with a fake measurement. */
export type MeasureTrial = (command: readonly string[], sampleIntervalMs: number) => Promise<ProcessMeasurement<TrialReport>>;

/** How many rounds: unmeasured warm-up rounds first, then measured ones. */
export interface RoundCounts {
  readonly warmup: number;
  readonly iterations: number;
}

/** How references are made where no sequential row gives one. */
export interface ReferenceRuns {
  /** The scenario's name, for the error when a reference run fails. */
  readonly scenario: string;
  /** Swept flags that only arrange the work: rows that differ only in them share one reference. */
  readonly sharedBy?: ReadonlySet<string>;
  /** The command of a sequential reference run with the plan's flag values. */
  command(plan: RowPlan): readonly string[];
}

/** What the scheduler tells and asks its caller. */
export interface SchedulerHooks {
  /** Asked before every trial: once true, no further trial starts. */
  readonly interrupted?: () => boolean;
  /** Called before each slot of a round with what runs now, e.g. for a progress bar. */
  readonly onTrial?: (description: string) => void;
}


/**
 * Runs every row's trials, rows rotated each round so none always runs first; a row whose trial
 * had a problem runs no more. Each trial's outputs are checked against the sequential reference
 * of its flag values: the first clean sequential trial of that combination, or, where no
 * sequential row has those values, a reference run made first (`reference.command`); a failed
 * reference run throws. Returns the trials of every row by key.
 */
export async function runRounds(
  rows: readonly ScheduledRow[],
  reference: ReferenceRuns,
  counts: RoundCounts,
  measure: MeasureTrial,
  hooks: SchedulerHooks = {},
): Promise<Map<string, TrialRecord[]>> {
  const interrupted = hooks.interrupted ?? (() => false);
  // Outputs depend on swept scenario flags, so each combination has its own sequential reference.
  const shared = reference.sharedBy ?? new Set<string>();
  const referenceKey = (plan: RowPlan): string => JSON.stringify(Object.entries(plan.params).filter(([name]) => !shared.has(name)));
  const references = new Map<string, Reference>();
  const withSequential = new Set(rows.filter((row) => row.plan.strategy === 'sequential').map((row) => referenceKey(row.plan)));
  for (const { plan } of rows) {
    const key = referenceKey(plan);
    if (references.has(key) || withSequential.has(key)) continue;
    const m = await measure(reference.command(plan), 0);
    if (m.report?.status !== 'ok') throw new Error(`the sequential reference run of ${reference.scenario} failed: ${m.report?.error ?? m.stderrTail}`);
    references.set(key, m.report.digests);
  }

  const trials = new Map<string, TrialRecord[]>(rows.map((row) => [row.plan.key, []]));
  const rounds = counts.warmup + counts.iterations;
  for (let round = 0; round < rounds && !interrupted(); round += 1) {
    for (const { plan, command } of roundOrder(rows, round)) {
      if (interrupted()) break;
      const list = trials.get(plan.key) as TrialRecord[];
      hooks.onTrial?.(`${plan.label}, round ${round + 1}/${rounds}`);
      if (list.some((t) => t.problem !== null)) continue; // a failed row is not run again
      const m = await measure(command, plan.sampleIntervalMs);
      if (interrupted()) break;
      const key = referenceKey(plan);
      if (!references.has(key) && plan.strategy === 'sequential' && m.report?.status === 'ok' && m.exitCode === 0) {
        references.set(key, m.report.digests);
      }
      const expected = references.get(key);
      const problem = trialProblem(m, expected);
      list.push(trialRecord(round, round < counts.warmup, m, { problem, verified: problem === null && expected !== undefined }));
    }
  }
  return trials;
}
