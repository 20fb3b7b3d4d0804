/** The contract of a row kind the harness provides: what its rows need of a run, and what they give the other rows. */
import type { ScenarioOptions } from '../../../scenarios/scenario.js';
import type { StrategyDefinition } from '../../../strategies/executor.js';
import type { Row, RowPlan, RowSummary, TrialRecord } from '../../results/records.js';
import type { HarnessRowKind } from '../../results/row-kinds.js';
import type { ScheduledRow, TrialMeasurement } from '../scheduled-row.js';
import type { TrialLimits } from '../trial-command.js';
import type { Reference } from '../verify.js';

/**
 * A row kind of the harness (no Executor strategy) with its part in a run: its name, summary and
 * the scenarios it applies to (HarnessRowKind), then how its rows are planned, how a trial is run
 * and recorded, what its summary adds and what it gives the other rows. Declared in a file of
 * run/row-kinds/ and listed in its registry.
 */
export interface RowKind extends HarnessRowKind {
  /**
   * How its rows are planned: as a strategy of this shape (usesWorkers: one row per `--workers`
   * value, `workers` its lanes), with no chunk sizes and one item in flight per lane.
   */
  readonly planned: Pick<StrategyDefinition, 'usesWorkers' | 'usesConcurrency'>;
  /**
   * A row's trial as the scheduler runs it, built once per scenario run: the command the results
   * record and, where its trial is several processes at once, their commands (measured together).
   */
  schedule(scenario: string, plan: RowPlan, options: ScenarioOptions, limits: TrialLimits): ScheduledRow;
  /**
   * One trial's record from its measurement, checked against the sequential reference of its flag
   * values (undefined where there is none); `windowSampleIntervalMs` is its sampling period inside
   * the work window, in milliseconds.
   */
  record(round: number, warmup: boolean, m: TrialMeasurement, row: ScheduledRow, reference: Reference | undefined, windowSampleIntervalMs: number): TrialRecord;
  /** Figures its rows' summaries add, from their counted trials (none where a trial lacks them). */
  summarise(measured: readonly TrialRecord[]): Promise<Partial<RowSummary>>;
  /** The rows of a scenario, every other row given what rows of this kind give it. */
  gives(rows: readonly Row[]): Row[];
}
