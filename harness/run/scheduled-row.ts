/** A row as the scheduler runs it: its plan and trial command, and the copies a trial of the harness's ceiling row runs at once. */
import type { CopiesMeasurement } from '../measure/copies.js';
import type { ProcessMeasurement } from '../measure/process.js';
import type { RowPlan } from '../results/records.js';
import type { TrialReport } from '../trial/report.js';
import type { ItemShare } from './verify.js';

/** One of a trial's copies, run beside the others: the command it runs and the items it runs. */
export interface CopyRun {
  readonly command: readonly string[];
  readonly share: ItemShare;
}

/** A planned row with its trial command, built once; a row kind of the harness may add its copies' commands (the ceiling). */
export interface ScheduledRow {
  readonly plan: RowPlan;
  /** What the results record (for the ceiling row: the first copy's command; the others differ only in --items and --first-item). */
  readonly command: readonly string[];
  /** Copies, each a command over its share of the items, all run at once as one trial (the ceiling row's); absent for a strategy's row. */
  readonly copies?: readonly CopyRun[];
}

/** One trial as measured: one process, or the ceiling row's copies at once. */
export type TrialMeasurement = ProcessMeasurement<TrialReport> | CopiesMeasurement<TrialReport>;
