/** What a row is: a strategy's trials, or the `independent` ceiling: the row's items split over N sequential processes at once. */
import { SEQUENTIAL } from '../../strategies/sequential.js';
import type { Row } from './records.js';

/**
 * Name of the ceiling row kind, as `--strategy` and results spell it. It is no Executor: the
 * harness splits the row's items over N copies of the sequential trial, run as N separate
 * processes at once, so no pool is involved, and their combined throughput is what this machine
 * gives the same items as N independent workloads.
 */
export const INDEPENDENT = 'independent';

/** One line for `parabench list`. */
export const INDEPENDENT_SUMMARY = 'reference: the items split over N sequential processes run at once, no pool (the ceiling for N workers)';

/**
 * How many times a row ran the scenario's items per trial: a ceiling row from a file written
 * before its copies split the items (no copy records its `firstItem`) ran them once per copy;
 * every other row, once.
 */
export function itemRepeats(row: Pick<Row, 'strategy' | 'workers' | 'trials'>): number {
  if (!isIndependent(row)) return 1;
  const split = row.trials.some((t) => t.copies?.some((c) => c.firstItem !== undefined) === true);
  return split ? 1 : row.workers;
}

// The predicates take anything with a strategy (a row, a RowPlan, an approach model), so that no
// code outside strategies/ compares a strategy's name as a string.

/** True for a ceiling row: a reference to compare with, never a candidate to recommend. */
export function isIndependent(row: Pick<Row, 'strategy'>): boolean {
  return row.strategy === INDEPENDENT;
}

/** True for the sequential baseline: every speedup and the ceiling are read against it. */
export function isSequentialRow(row: Pick<Row, 'strategy'>): boolean {
  return row.strategy === SEQUENTIAL;
}

/** True for rows that are references rather than approaches to choose: the sequential baseline and the ceiling. */
export function isReferenceRow(row: Pick<Row, 'strategy'>): boolean {
  return isSequentialRow(row) || isIndependent(row);
}
