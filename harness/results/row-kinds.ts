/** What a row is: a strategy's trials, or a row kind the harness provides itself, such as the `independent` ceiling. */
import { SEQUENTIAL } from '../../strategies/sequential.js';
import type { Row } from './records.js';

/**
 * A kind of row the harness itself provides, not an Executor strategy, as the CLI, results and
 * reports know it: its name, what it is, which scenarios it applies to. A row of one is a
 * reference to read the approaches against, never a candidate to recommend. How its rows are
 * planned, run, recorded and summarised is run/row-kinds/'s part (RowKind), kept apart so a trial
 * process loads none of it.
 */
export interface HarnessRowKind {
  /** As `--strategy`, `list`, row keys and results spell it. */
  readonly name: string;
  /** One line for `parabench list`. */
  readonly summary: string;
  /** What `bench --strategy` help says it is, after "<name> is ". */
  readonly help: string;
  /** Where it applies, after "<name> is ": for the usage error and the line of a scenario skipped. */
  readonly appliesOnly: string;
  /** Whether a scenario's run has rows of this kind. */
  appliesTo(scenario: { readonly hasCeiling?: boolean | undefined }): boolean;
  /** True for a row (or plan, or model) of this kind. */
  holds(row: Pick<Row, 'strategy'>): boolean;
  /** How many times a row of this kind ran the scenario's items per trial. */
  itemRepeats(row: Pick<Row, 'workers' | 'trials'>): number;
}

const INDEPENDENT = 'independent';

/**
 * The ceiling row kind. It is no Executor: the harness splits the row's items over N copies of
 * the sequential trial, run as N separate processes at once, so no pool is involved, and their
 * combined throughput is what this machine gives the same items as N independent workloads.
 */
export const CEILING: HarnessRowKind = {
  name: INDEPENDENT,
  summary: 'reference: the items split over N sequential processes run at once, no pool (the ceiling for N workers)',
  help: 'the ceiling row: the items split over N sequential processes run at once, no pool, N from --workers',
  appliesOnly: 'a ceiling only for CPU-bound scenarios',
  // Only where the scenario says N sequential copies are a ceiling (CPU-bound work each process does on its own).
  appliesTo: (scenario) => scenario.hasCeiling === true,
  holds: (row) => row.strategy === INDEPENDENT,
  // A file written before the copies split the items (no copy records its `firstItem`) ran them once per copy.
  itemRepeats: (row) => (row.trials.some((t) => t.copies?.some((c) => c.firstItem !== undefined) === true) ? 1 : row.workers),
};

/** Every row kind the harness provides, in the order `list` and `--strategy` name them. */
export const HARNESS_ROW_KINDS: readonly HarnessRowKind[] = [CEILING];

/** The harness's row kind a row (or plan, or model) is of; undefined for a strategy's row. */
export function harnessRowKind(row: Pick<Row, 'strategy'>): HarnessRowKind | undefined {
  return HARNESS_ROW_KINDS.find((kind) => kind.holds(row));
}

/** The harness's row kind of this `--strategy` name; undefined for a strategy. */
export function harnessRowKindNamed(name: string): HarnessRowKind | undefined {
  return HARNESS_ROW_KINDS.find((kind) => kind.name === name);
}

/** How many times a row ran the scenario's items per trial: as its kind says; once for a strategy's row. */
export function itemRepeats(row: Pick<Row, 'strategy' | 'workers' | 'trials'>): number {
  return harnessRowKind(row)?.itemRepeats(row) ?? 1;
}

// The predicates take anything with a strategy (a row, a RowPlan, an approach model), so that no
// code outside strategies/ compares a strategy's name as a string.

/** True for the sequential baseline: every speedup and the ceiling are read against it. */
export function isSequentialRow(row: Pick<Row, 'strategy'>): boolean {
  return row.strategy === SEQUENTIAL;
}

/** True for rows that are references rather than approaches to choose: the sequential baseline and the harness's own rows. */
export function isReferenceRow(row: Pick<Row, 'strategy'>): boolean {
  return isSequentialRow(row) || harnessRowKind(row) !== undefined;
}
