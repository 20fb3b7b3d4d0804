/** One cross-machine table from several runs: speedup and efficiency per core, by machine. */
import { poolWorkers } from '../results/row-figures.js';
import { type Context, processorsFor, usableCores } from '../measure/context.js';
import type { Row, RunResults } from '../results/records.js';
import { itemRepeats } from '../results/row-kinds.js';
import type { Ratio } from '../statistics/summary.js';

/** One machine's run, as a column of the merged table. */
export interface MachineColumn {
  /** From the run's context (`--machine-name`, else the host name); made unique with `#2`, `#3`. */
  readonly name: string;
  readonly path: string;
  readonly context: Context;
}

/** One strategy of one scenario on one machine. */
export interface MergedCell {
  /** The row shown: with a sweep, the strategy's fastest size. */
  readonly label: string;
  /** Real-time speedup over this machine's own sequential row, null without one. */
  readonly speedup: Ratio | null;
  /** Speedup per core it could use: speedup / min(workers or in-flight limit, cores or CPU quota), as a fraction. */
  readonly efficiency: number | null;
  /** Median real time in seconds on this machine. */
  readonly realSeconds: number;
}

/** A row of the merged table: one scenario at one size under one strategy, a cell per machine. */
export interface MergedRow {
  readonly scenario: string;
  readonly items: number;
  readonly strategy: string;
  /** In the order of `machines`; null where that machine has no completed row for it. */
  readonly cells: readonly (MergedCell | null)[];
}

/** The cross-machine table. */
export interface Merged {
  readonly machines: readonly MachineColumn[];
  readonly rows: readonly MergedRow[];
}

/** The parallelism a row asked for: a pool's workers, otherwise its in-flight limit (1 for sequential). */
export function parallelism(row: Row): number {
  return poolWorkers(row) ?? row.concurrency;
}

/**
 * Real seconds per run of the scenario's items: a ceiling row in a file written before its copies
 * split the items did them once per copy, so its best size is its highest throughput.
 */
const realPerCopy = (row: Extract<Row, { state: 'completed' }>): number => row.summary.realSeconds.median / itemRepeats(row);

function cell(rows: readonly Row[], cores: number): MergedCell | null {
  const fastest = rows
    .flatMap((row) => (row.state === 'completed' ? [row] : []))
    .sort((a, b) => realPerCopy(a) - realPerCopy(b))[0];
  if (fastest === undefined) return null;
  const speedup = fastest.summary.speedup?.real ?? null;
  return {
    label: fastest.label,
    speedup,
    efficiency: speedup === null ? null : speedup.value / processorsFor(parallelism(fastest), cores),
    realSeconds: fastest.summary.realSeconds.median,
  };
}

function uniqueNames(runs: readonly { path: string; results: RunResults }[]): string[] {
  const seen = new Map<string, number>();
  return runs.map(({ results }) => {
    const name = results.context.machine;
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} #${count}`;
  });
}

/** Lines up runs from several machines: rows scenario x strategy, one column per machine. */
export function mergeRuns(runs: readonly { path: string; results: RunResults }[]): Merged {
  const names = uniqueNames(runs);
  const machines = runs.map((run, i) => ({ name: names[i] as string, path: run.path, context: run.results.context }));
  const keys: { scenario: string; items: number; strategy: string }[] = [];
  const seen = new Set<string>();
  for (const { results } of runs) {
    for (const result of results.scenarios) {
      for (const row of result.rows) {
        const id = JSON.stringify([result.scenario, result.items, row.strategy]);
        if (seen.has(id)) continue;
        seen.add(id);
        keys.push({ scenario: result.scenario, items: result.items, strategy: row.strategy });
      }
    }
  }
  const rows = keys.map((key) => ({
    ...key,
    cells: runs.map(({ results }) => {
      const result = results.scenarios.find((s) => s.scenario === key.scenario && s.items === key.items);
      const rows = result?.rows.filter((row) => row.strategy === key.strategy) ?? [];
      return cell(rows, usableCores(results.context));
    }),
  }));
  return { machines, rows };
}
