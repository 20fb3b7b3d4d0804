/** The comparison as a plain table, rows in the order a reader needs them, and the words for its verdicts. */
import { duration } from '../report/format.js';
import type { Table, TableRow, Tone, View } from '../report/comparison-table.js';
import { TRIALS_LIMIT } from '../statistics/detectable-change.js';
import type { Comparison, RowComparison, SampleSummary, Verdict } from './compare.js';

/** A figure as `text` writes it, or "n/a" where it is not a finite number: a table never shows NaN or Infinity. */
export const figure = (value: number | null, text: (v: number) => string): string => (value !== null && Number.isFinite(value) ? text(value) : 'n/a');

const percent = (ratio: number | null): string => figure(ratio, (r) => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)}%`);

/** A threshold or α as a whole percentage where it is one: 5%, 2.5%. */
export const percentOf = (fraction: number): string => `${Number((fraction * 100).toFixed(2))}%`;

/** A detectable change: ±6.2%; beyond 999% (two trials a side over many rows) the figure says only that. */
export const couldSee = (change: number | null): string => figure(change, (d) => (d * 100 >= 999.95 ? '>±999%' : `±${(d * 100).toFixed(1)}%`));

const pValue = (p: number | null): string => figure(p, (v) => (v < 0.001 ? '<0.001' : v.toFixed(3)));

function sample(s: SampleSummary, mode: Comparison['mode']): string {
  const value = figure(s.median, (m) => (mode === 'time' ? duration(m) : `${m.toFixed(2)}x`));
  return `${value} ± ${figure(s.spread, (f) => `${(f * 100).toFixed(0)}%`)} (n=${s.values.length})`;
}

/** The order rows are shown in: regressions, other changes, undecided, untested, then the unchanged rest. */
const ORDER: readonly Verdict[] = ['regression', 'worse', 'better', 'undecided', 'untested', '~'];

/** The rows in ORDER, each group in the files' order. */
export function orderedRows(comparison: Comparison): RowComparison[] {
  return ORDER.flatMap((verdict) => comparison.rows.filter((row) => row.verdict === verdict));
}

const VERDICT_TONE: Record<Verdict, Tone> = { '~': 'plain', better: 'best', worse: 'plain', regression: 'failed', undecided: 'baseline', untested: 'baseline' };

function verdictText(row: RowComparison, comparison: Comparison): string {
  const time = comparison.mode === 'time';
  const threshold = percentOf(comparison.options.threshold);
  switch (row.verdict) {
    case '~':
      return '';
    case 'better':
      return time ? 'faster' : 'higher speedup';
    case 'worse':
      return `${time ? 'slower' : 'lower speedup'} (within ${threshold})`;
    case 'regression':
      return `REGRESSION (beyond ${threshold})`;
    case 'undecided':
      return `UNDECIDED (could miss ${threshold})`;
    case 'untested':
      return `untested (${row.untested ?? 'too few trials'})`;
  }
}

/** The p column's heading: which adjustment its figures carry. */
const P_HEADING: Record<Comparison['options']['correction'], string> = { holm: 'p (Holm)', bh: 'p (BH)', none: 'p' };

/** The column the compact (terminal) view leaves out: the adjusted p, which the verdict already reads; markdown keeps it. */
const P_COLUMN = 6;

/** One row's cells, every column. */
function cellsOf(row: RowComparison, comparison: Comparison): string[] {
  const test = row.test;
  const called = row.verdict === 'regression' || row.verdict === 'worse' || row.verdict === 'better';
  return [
    row.name,
    sample(row.base, comparison.mode),
    sample(row.head, comparison.mode),
    test === null ? 'n/a' : called ? percent(test.ratio) : '~',
    test === null ? 'n/a' : `[${percent(test.low)}, ${percent(test.high)}]`,
    couldSee(row.detectable),
    pValue(row.adjustedP),
    verdictText(row, comparison),
  ];
}

const shown = <T>(cells: readonly T[], view: View): T[] => cells.filter((_, i) => view === 'wide' || i !== P_COLUMN);

/** One row of the table in a view. */
export function tableRow(row: RowComparison, comparison: Comparison, view: View = 'wide'): TableRow {
  return { cells: shown(cellsOf(row, comparison), view), tone: VERDICT_TONE[row.verdict] };
}

/**
 * The comparison as a plain table, rows in the reading order: `wide` (markdown) has every column,
 * `compact` (the terminal, 100 columns) all but the adjusted p.
 */
export function compareTable(comparison: Comparison, rows: readonly RowComparison[] = orderedRows(comparison), view: View = 'wide'): Table {
  const head = ['Benchmark', 'Base', 'Head', 'Change', '95% interval', 'Could see', P_HEADING[comparison.options.correction], 'Verdict'];
  return { head: shown(head, view), rows: rows.map((row) => tableRow(row, comparison, view)) };
}

/** How many rows of each verdict, in one line: "1 regression, 2 undecided, 30 unchanged of 33 rows". */
export function verdictCounts(comparison: Comparison): string {
  const time = comparison.mode === 'time';
  const threshold = percentOf(comparison.options.threshold);
  const words: Record<Verdict, (n: number) => string> = {
    regression: (n) => `${n} regression${n === 1 ? '' : 's'}`,
    worse: (n) => `${n} ${time ? 'slower' : 'lower speedup'} within ${threshold}`,
    better: (n) => `${n} ${time ? 'faster' : 'higher speedup'}`,
    undecided: (n) => `${n} undecided`,
    untested: (n) => `${n} untested`,
    '~': (n) => `${n} unchanged`,
  };
  const parts = ORDER.map((verdict) => ({ verdict, n: comparison.rows.filter((row) => row.verdict === verdict).length }))
    .filter(({ n }) => n > 0)
    .map(({ verdict, n }) => words[verdict](n));
  const total = comparison.rows.length;
  return total === 0 ? 'no row compared' : `${parts.join(', ')} of ${total} row${total === 1 ? '' : 's'}`;
}

/** What would decide an undecided row: "about 40 trials per side (34 more)"; runs where the sides pooled runs. */
export function trialsText(row: RowComparison, unit: 'trial' | 'run' = 'trial'): string {
  const what = unit === 'run' ? 'alternating runs' : 'trials';
  if (row.trialsNeeded === null) return `no number of ${what} up to ${TRIALS_LIMIT.toLocaleString('en-US')} per side would`;
  const [nb, nh] = [row.base.values.length, row.head.values.length];
  const now = nb === nh ? `${Math.max(0, row.trialsNeeded - nb)} more` : `now ${nb} in base, ${nh} in head`;
  return `about ${row.trialsNeeded} ${what} per side (${now}) would`;
}
