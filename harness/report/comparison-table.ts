/** The real/user/sys table of one scenario and its verdict, as plain strings every renderer shares. */
import { duration, durationSpread, bytes, percent, ratio } from './format.js';
import type { Row, RowSummary, ScenarioResult } from '../results/records.js';
import { fastestRow } from '../results/row-figures.js';
import type { Ratio } from '../statistics/summary.js';
import type { FocusColumn } from '../../scenarios/scenario.js';
import { CEILING, isReferenceRow } from '../results/row-kinds.js';

/** How a cell should stand out in a renderer that can colour. */
export type Tone = 'plain' | 'best' | 'failed' | 'baseline';

/** One line of a Table. */
export interface TableRow {
  readonly cells: readonly string[];
  readonly tone: Tone;
  /** In a terminal, the last non-empty cell spans the empty ones after it (a failure message). */
  readonly spanLast?: boolean;
}

/** A table as plain strings, shared by the terminal and markdown renderers so columns never drift. */
export interface Table {
  readonly head: readonly string[];
  readonly rows: readonly TableRow[];
}

/** Which columns a table shows: `compact` (the terminal's default) or `wide` (every column: markdown, `--wide`). */
export type View = 'compact' | 'wide';

/** A completed row, the only kind with figures. */
type Completed = Extract<Row, { state: 'completed' }>;

/**
 * A column of the results table. `compact` says whether the compact terminal view shows it;
 * a column whose id a scenario names in its `focus` is shown there too. A new column is one
 * entry here.
 */
export interface ResultColumn {
  readonly id: string;
  readonly head: string;
  readonly compact: boolean;
  /** Shown only when this says so (efficiency: only where the scenario computes a bound). */
  readonly present?: (result: ScenarioResult) => boolean;
  readonly cell: (row: Completed) => string;
  /** The cell in the compact view, when it is shorter there (a median without its spread). */
  readonly brief?: (row: Completed) => string;
}

const spread = (pick: (s: RowSummary) => RowSummary['realSeconds']) => (row: Completed): string => durationSpread(pick(row.summary));
const speed = (pick: (s: { real: Ratio; work: Ratio }) => Ratio) => (row: Completed): string =>
  row.summary.speedup === null ? 'n/a' : ratio(pick(row.summary.speedup));

/** Shown when the run had an `independent` row: each approach's throughput over the ceiling's at its parallelism. */
export const CEILING_COLUMN = 'Of ceiling';

/** The documents' real/user/sys table, in order. */
export const COLUMNS: readonly ResultColumn[] = [
  { id: 'approach', head: 'Approach', compact: true, cell: (row) => row.label },
  { id: 'real', head: 'Real', compact: true, cell: spread((s) => s.realSeconds) },
  { id: 'user', head: 'User', compact: true, cell: spread((s) => s.userSeconds), brief: (row) => duration(row.summary.userSeconds.median) },
  { id: 'sys', head: 'Sys', compact: true, cell: spread((s) => s.sysSeconds), brief: (row) => duration(row.summary.sysSeconds.median) },
  { id: 'cpu-util', head: 'CPU util', compact: true, cell: (row) => percent(row.summary.cpuUtilisation.median) },
  // Every strategy's start() imports the scenario's task modules (a pool in each worker), so every row has a start-up to show;
  // a start-up of exactly zero is an older file's in-process row, from before start() did anything.
  { id: 'start-up', head: 'Start-up', compact: false, cell: (row) => (row.summary.startupSeconds.median === 0 ? '-' : durationSpread(row.summary.startupSeconds)) },
  { id: 'work', head: 'Work', compact: false, cell: spread((s) => s.workSeconds) },
  { id: 'per-item', head: 'Per item', compact: false, cell: (row) => duration(row.summary.workPerItemSeconds.median) },
  { id: 'peak-rss', head: 'Peak RSS', compact: false, cell: (row) => bytes(row.summary.peakRssBytes.median) },
  { id: 'speedup', head: 'Speedup', compact: true, cell: speed((s) => s.real) },
  { id: 'work-speedup', head: 'Work speedup', compact: false, cell: speed((s) => s.work) },
  {
    id: 'efficiency',
    head: 'Efficiency',
    compact: false,
    present: (result) => result.rows.some((row) => row.state === 'completed' && row.summary.efficiency !== null),
    cell: (row) => (row.summary.efficiency === null ? 'n/a' : percent(row.summary.efficiency.median)),
  },
  {
    // Asked for by running the `independent` row, so the compact view shows it too.
    id: 'of-ceiling',
    head: CEILING_COLUMN,
    compact: true,
    present: (result) => result.rows.some((row) => row.state === 'completed' && CEILING.holds(row)),
    cell: (row) => (CEILING.holds(row) ? 'ceiling' : row.summary.ofCeiling === undefined ? 'n/a' : share(row.summary.ofCeiling)),
  },
];

/** What a scenario that names no focus (or none that is present) shows beside the compact columns. */
const DEFAULT_FOCUS: readonly FocusColumn[] = ['work-speedup'];

/** The columns a view of this scenario shows, in table order. */
export function shownColumns(result: ScenarioResult, view: View): ResultColumn[] {
  const present = COLUMNS.filter((column) => column.present?.(result) ?? true);
  if (view === 'wide') return present;
  const named = new Set<string>(result.focus ?? DEFAULT_FOCUS);
  const focus = present.some((column) => !column.compact && named.has(column.id)) ? named : new Set<string>(DEFAULT_FOCUS);
  // The focus follows the columns every scenario shows, so the compact tables of all scenarios start alike.
  return [...present.filter((column) => column.compact), ...present.filter((column) => !column.compact && focus.has(column.id))];
}

/** The results table for one scenario: one row per strategy and size; `wide` (the default) has every column. */
export function scenarioTable(result: ScenarioResult, view: View = 'wide'): Table {
  const best = fastestRow(result.rows);
  const columns = shownColumns(result, view);
  return {
    head: columns.map((column) => column.head),
    rows: result.rows.map((row) => {
      if (row.state === 'failed') {
        const cells = [row.label, 'FAILED', row.failure];
        return { cells: [...cells, ...Array<string>(Math.max(0, columns.length - cells.length)).fill('')], tone: 'failed' as const, spanLast: true };
      }
      return {
        cells: columns.map((column) => (view === 'compact' && column.brief !== undefined ? column.brief(row) : column.cell(row))),
        tone: row === best ? ('best' as const) : isReferenceRow(row) ? ('baseline' as const) : ('plain' as const),
      };
    }),
  };
}

/** "84% ± 3%": a share of the ceiling with its uncertainty. */
function share(ratio: Ratio): string {
  return `${(ratio.value * 100).toFixed(0)}% ± ${(ratio.error * 100).toFixed(0)}%`;
}

/** The one-line verdict: which strategy won and by how much, with its uncertainty. */
export function verdict(result: ScenarioResult): string {
  const best = fastestRow(result.rows);
  if (best === undefined || best.state !== 'completed') return `${result.scenario}: no strategy completed besides the baseline.`;
  const speed = best.summary.speedup;
  if (speed === null) return `${result.scenario}: ${best.label} was fastest (no sequential baseline to compare with).`;
  return `${result.scenario}: ${best.label} ran ${comparison(speed.real)} than sequential (work window: ${comparison(speed.work)}).`;
}

/** "1.92 ± 0.05 times faster", or for a ratio under one "1.52 ± 0.04 times slower". */
export function comparison(speed: Ratio): string {
  if (speed.value >= 1) return `${speed.value.toFixed(2)} ± ${speed.error.toFixed(2)} times faster`;
  const inverse = 1 / speed.value;
  return `${inverse.toFixed(2)} ± ${(speed.error * inverse * inverse).toFixed(2)} times slower`;
}
