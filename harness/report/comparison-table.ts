/** The real/user/sys table of one scenario and its verdict, as plain strings every renderer shares. */
import { shortDuration, mebibytes, percent, ratio, secondsSpread } from './format.js';
import type { ScenarioResult } from '../results/records.js';
import { fastestRow } from '../results/row-figures.js';
import type { Ratio } from '../statistics/summary.js';
import { isIndependent, isReferenceRow } from '../results/row-kinds.js';

/** How a cell should stand out in a renderer that can colour. */
export type Tone = 'plain' | 'best' | 'failed' | 'baseline';

/** A table as plain strings, shared by the terminal and markdown renderers so columns never drift. */
export interface Table {
  readonly head: readonly string[];
  readonly rows: readonly { readonly cells: readonly string[]; readonly tone: Tone }[];
}

export const COLUMNS = ['Approach', 'Real', 'User', 'Sys', 'CPU util', 'Start-up', 'Work', 'Per item', 'Peak RSS', 'Speedup', 'Work speedup'] as const;

/** Shown after the others when the scenario computes a bound on the work window. */
export const EFFICIENCY_COLUMN = 'Efficiency';

/** Shown when the run had an `independent` row: each approach's throughput over the ceiling's at its parallelism. */
export const CEILING_COLUMN = 'Of ceiling';

/** The documents' real/user/sys table for one scenario: one row per strategy and size. */
export function scenarioTable(result: ScenarioResult): Table {
  const best = fastestRow(result.rows);
  const withEfficiency = result.rows.some((row) => row.state === 'completed' && row.summary.efficiency !== null);
  const withCeiling = result.rows.some((row) => row.state === 'completed' && isIndependent(row));
  const width = COLUMNS.length + (withEfficiency ? 1 : 0) + (withCeiling ? 1 : 0);
  return {
    head: [...COLUMNS, ...(withEfficiency ? [EFFICIENCY_COLUMN] : []), ...(withCeiling ? [CEILING_COLUMN] : [])],
    rows: result.rows.map((row) => {
      if (row.state === 'failed') {
        const cells = [row.label, 'FAILED', row.failure];
        return { cells: [...cells, ...Array<string>(width - cells.length).fill('')], tone: 'failed' as const };
      }
      const s = row.summary;
      const cells = [
        row.label,
        secondsSpread(s.realSeconds),
        secondsSpread(s.userSeconds),
        secondsSpread(s.sysSeconds),
        percent(s.cpuUtilisation.median),
        secondsSpread(s.startupSeconds),
        secondsSpread(s.workSeconds),
        shortDuration(s.workPerItemSeconds.median),
        mebibytes(s.peakRssBytes.median),
        s.speedup === null ? 'n/a' : ratio(s.speedup.real),
        s.speedup === null ? 'n/a' : ratio(s.speedup.work),
      ];
      if (withEfficiency) cells.push(s.efficiency === null ? 'n/a' : percent(s.efficiency.median));
      if (withCeiling) cells.push(isIndependent(row) ? 'ceiling' : s.ofCeiling === undefined ? 'n/a' : share(s.ofCeiling));
      return {
        cells,
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
