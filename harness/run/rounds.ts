/** The row scheduler: references first, then every row's trials interleaved round by round. */
import { SEQUENTIAL } from '../../strategies/sequential.js';
import type { CopiesMeasurement } from '../measure/copies.js';
import type { ProcessMeasurement } from '../measure/process.js';
import { trialRecord, type RowPlan, type TrialRecord } from '../results/records.js';
import { isSequentialRow } from '../results/row-kinds.js';
import type { TrialReport } from '../trial/report.js';
import type { RuntimeSettingFields } from '../settings/registry.js';
import { rowKindOf } from './row-kinds/registry.js';
import type { ScheduledRow, TrialMeasurement } from './scheduled-row.js';
import { roundOrder } from './rows.js';
import type { TrialLimits } from './trial-command.js';
import { trialFailure, trialProblem, type Reference } from './verify.js';
import { diagnose, wantsDiagnosis, type Diagnosis } from './trial-death.js';

export type { CopyRun, ScheduledRow, TrialMeasurement } from './scheduled-row.js';

/**
 * What a trial runs in besides its command: the row's sampling period and runtime settings (their
 * environment), and the sampling period inside its work window (the row's own where left out).
 * `key` names the row the trial is for; a reference run has none.
 */
export type TrialSettings = Pick<RowPlan, 'sampleIntervalMs'> & RuntimeSettingFields & Partial<Pick<RowPlan, 'key'>> & { readonly windowSampleIntervalMs?: number };

/** Samples wanted inside a work window, so its timeline shows the trial rather than a point or two (25 at least). */
export const WINDOW_SAMPLES = 28;
/**
 * Shortest sampling period in milliseconds, so a 100 ms window still gets its samples. A sample
 * costs the harness 0.1-0.3 ms of CPU on a loaded 2-core VM (mostly its wake-up and the system
 * calls), so this is 3-10% of a core, only while a window that short runs.
 */
export const MIN_WINDOW_INTERVAL_MS = 3;
/** The period of a row's first trial, before its window's length is known. */
export const FIRST_WINDOW_INTERVAL_MS = 25;

/**
 * The sampling period inside a trial's work window: the expected window (the shortest the row has
 * had so far, see `expectedWindowSeconds`) over WINDOW_SAMPLES, rounded down to whole milliseconds
 * (timers tick in them), between MIN_WINDOW_INTERVAL_MS and the row's own period; 0 when sampling is off.
 */
export function windowSampleInterval(rowIntervalMs: number, expectedWorkSeconds: number | null): number {
  if (rowIntervalMs <= 0) return 0;
  const wanted =
    expectedWorkSeconds === null || expectedWorkSeconds <= 0 ? FIRST_WINDOW_INTERVAL_MS : (expectedWorkSeconds * 1000) / WINDOW_SAMPLES;
  return Math.floor(Math.min(rowIntervalMs, Math.max(MIN_WINDOW_INTERVAL_MS, wanted)));
}

/**
 * How long the next trial's work window is expected to last: the shortest of the row's trials so
 * far (warm-up included). Not the last one: a trial slowed by other processes would make the next
 * one's sampling too sparse for a window of the usual length.
 */
export function expectedWindowSeconds(trials: readonly Pick<TrialRecord, 'workSeconds'>[]): number | null {
  const windows = trials.flatMap((t) => (t.workSeconds !== null && t.workSeconds > 0 ? [t.workSeconds] : []));
  return windows.length === 0 ? null : Math.min(...windows);
}


/**
 * Runs one trial and measures it: the command alone, or with `copies` every copy's command at
 * once. Injected, so the scheduler is tested with a fake measurement.
 */
export type MeasureTrial = (command: readonly string[], settings: TrialSettings, copies?: readonly (readonly string[])[]) => Promise<TrialMeasurement>;

const isCopies = (m: TrialMeasurement): m is CopiesMeasurement<TrialReport> => 'copies' in m;

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
  /**
   * Awaited after every measured (not warm-up) trial with every row's trials so far, so the
   * caller can save them before the next trial starts (a crash then loses at most one trial).
   */
  readonly onMeasured?: (trials: ReadonlyMap<string, readonly TrialRecord[]>) => Promise<void>;
}

/** What the scheduler hands back: every row's trials by key, and why rows ran unverified, if they did. */
export interface RoundsOutcome {
  readonly trials: Map<string, TrialRecord[]>;
  /** Set when a sequential reference failed, so some rows' outputs were compared with nothing. */
  readonly unverified: string | undefined;
}


/**
 * Runs every row's trials, rows rotated each round so none always runs first; a row whose trial
 * had a problem runs no more. Each trial's outputs are checked against the sequential reference
 * of its flag values: the first clean sequential trial of that combination, or, where no
 * sequential row has those values, a reference run made first (`reference.command`). When a
 * reference fails, the rows it was for run unverified and the outcome says why. A row of one of
 * the harness's row kinds (the ceiling: its copies at once) is recorded as its kind declares and
 * gives no reference. `settings.workerHeapMb` names the heap limit in a trial's failure when its
 * heap ran out.
 */
export async function runRounds(
  rows: readonly ScheduledRow[],
  reference: ReferenceRuns,
  settings: RoundCounts & Pick<TrialLimits, 'workerHeapMb'>,
  measure: MeasureTrial,
  hooks: SchedulerHooks = {},
): Promise<RoundsOutcome> {
  const interrupted = hooks.interrupted ?? (() => false);
  const { workerHeapMb } = settings;
  // Outputs depend on swept scenario flags, so each combination has its own sequential reference.
  const shared = reference.sharedBy ?? new Set<string>();
  const referenceKey = (plan: RowPlan): string => JSON.stringify(Object.entries(plan.params).filter(([name]) => !shared.has(name)));
  const references = new Map<string, Reference>();
  /** Why some rows have no reference to be verified against (the sequential run failed). */
  let unverified: string | undefined;
  /**
   * A main-thread trial that died without a report or last words (out of heap, a signal) is run
   * once more, unmeasured and unrecorded, with its main thread traced, to name the item it died at.
   */
  const diagnosed = async (m: ProcessMeasurement<TrialReport>, command: readonly string[], plan: RowPlan): Promise<Diagnosis | undefined> => {
    if (plan.usesWorkers !== false || !wantsDiagnosis(m) || interrupted()) return undefined;
    const diagnosis = await diagnose(command, async (traced) => {
      const rerun = await measure(traced, { ...plan, sampleIntervalMs: 0 });
      if (isCopies(rerun)) throw new Error('a diagnostic rerun is one process, not copies');
      return rerun;
    });
    return interrupted() ? undefined : diagnosis;
  };
  const withSequential = new Set(rows.filter((row) => isSequentialRow(row.plan)).map((row) => referenceKey(row.plan)));
  for (const { plan } of rows) {
    const key = referenceKey(plan);
    if (references.has(key) || withSequential.has(key)) continue;
    if (interrupted()) break;
    const command = reference.command(plan);
    const m = await measure(command, { sampleIntervalMs: 0 });
    if (isCopies(m)) throw new Error('a reference run is one process, not copies');
    const failure = trialFailure(m, workerHeapMb, await diagnosed(m, command, { ...plan, strategy: SEQUENTIAL, usesWorkers: false }));
    if (failure === null && m.report !== undefined) references.set(key, m.report.digests);
    else unverified ??= `the sequential reference run of ${reference.scenario} failed: ${failure ?? 'no report'}`;
  }

  const trials = new Map<string, TrialRecord[]>(rows.map((row) => [row.plan.key, []]));
  const rounds = settings.warmup + settings.iterations;
  for (let round = 0; round < rounds && !interrupted(); round += 1) {
    for (const row of roundOrder(rows, round)) {
      const { plan, command, copies } = row;
      if (interrupted()) break;
      const list = trials.get(plan.key) as TrialRecord[];
      hooks.onTrial?.(`${plan.label}, round ${round + 1}/${rounds}`);
      if (list.some((t) => t.problem !== null)) continue; // a failed row is not run again
      const warmup = round < settings.warmup;
      const windowSampleIntervalMs = windowSampleInterval(plan.sampleIntervalMs, expectedWindowSeconds(list));
      const m = await measure(command, { ...plan, windowSampleIntervalMs }, copies?.map((copy) => copy.command));
      if (interrupted()) break;
      const key = referenceKey(plan);
      const kind = rowKindOf(plan);
      if (kind !== undefined) {
        list.push(kind.record(round, warmup, m, row, references.get(key), windowSampleIntervalMs));
      } else if (isCopies(m)) {
        throw new Error(`a trial of ${plan.label} is one process, not copies`);
      } else {
        const diagnosis = await diagnosed(m, command, plan);
        if (!references.has(key) && isSequentialRow(plan)) {
          const failure = trialFailure(m, workerHeapMb, diagnosis);
          if (failure === null && m.report !== undefined) references.set(key, m.report.digests);
          else unverified ??= `the sequential row of ${reference.scenario} failed: ${failure ?? 'no report'}`;
        }
        const expected = references.get(key);
        const problem = trialProblem(m, expected, workerHeapMb, diagnosis);
        list.push(trialRecord(round, warmup, m, { problem, verified: problem === null && expected !== undefined }, windowSampleIntervalMs));
      }
      if (!warmup) await hooks.onMeasured?.(trials);
    }
  }
  return { trials, unverified };
}
