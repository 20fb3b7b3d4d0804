/** The row kinds the harness provides, each with its part in a run: how its rows are planned, run, recorded and summarised. */
import type { Row } from '../../results/records.js';
import { ceilingRows } from './ceiling.js';
import type { RowKind } from './row-kind.js';

/**
 * Every row kind of the harness, in the order of HARNESS_ROW_KINDS (results/row-kinds.ts), which
 * declares what the CLI and the reports know of each. To add one: its HarnessRowKind there, its
 * RowKind in a file of this folder, and one line here.
 */
export const ROW_KINDS: readonly RowKind[] = [ceilingRows];

/** The row kind a row or plan is of; undefined for a strategy's row. */
export function rowKindOf(row: Pick<Row, 'strategy'>): RowKind | undefined {
  return ROW_KINDS.find((kind) => kind.holds(row));
}

/** The row kinds among `--strategy`'s names, in declaration order. */
export function rowKindsChosen(names: readonly string[]): RowKind[] {
  return ROW_KINDS.filter((kind) => names.includes(kind.name));
}

/** A scenario's rows, each given what every row kind's rows give it (the ceiling: each approach's share of it). */
export function withWhatKindsGive(rows: readonly Row[]): Row[] {
  return ROW_KINDS.reduce<Row[]>((given, kind) => kind.gives(given), [...rows]);
}
