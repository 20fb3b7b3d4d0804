/** What a row is: a strategy's trials, or the `independent` ceiling of N sequential copies at once. */
import type { Row } from './records.js';

/**
 * Name of the ceiling row kind, as `--strategy` and results spell it. It is no Executor: the
 * harness runs N copies of the sequential trial as N separate processes at once, so no pool is
 * involved, and their combined throughput is what this machine gives N independent workloads.
 */
export const INDEPENDENT = 'independent';

/** One line for `parabench list`. */
export const INDEPENDENT_SUMMARY = 'reference: N copies of the sequential trial as N processes at once (the ceiling for N workers)';

/** True for a ceiling row: a reference to compare with, never a candidate to recommend. */
export function isIndependent(row: Pick<Row, 'strategy'>): boolean {
  return row.strategy === INDEPENDENT;
}

/** True for rows that are references rather than approaches to choose: the sequential baseline and the ceiling. */
export function isReferenceRow(row: Pick<Row, 'strategy'>): boolean {
  return row.strategy === 'sequential' || isIndependent(row);
}
