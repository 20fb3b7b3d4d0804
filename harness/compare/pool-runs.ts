/** Several runs of one configuration on one machine, pooled into one run. */
import type { Row, RunResults, ScenarioResult } from '../results/records.js';
import { itemRepeats } from '../results/row-kinds.js';
import { workloadDifferences } from '../results/workload.js';

const rowId = (result: ScenarioResult, row: Row): string => JSON.stringify([result.scenario, result.items, row.chunkSize, row.key]);

/**
 * Each row's trials concatenated, each marked with the run it came from (`pooledRun`).
 * Alternating short runs of base and head (base, head, base, head, ...) and pooling each side
 * spreads any drift in the machine's load over both, which two long runs one after the other
 * cannot. Only the trials are pooled, which is all `compareRuns` reads; the summaries, context and
 * parameters stay the first run's. A row that failed in any run is failed. A ceiling row whose
 * copies ran all the items in some runs (files written before they split them) and their shares
 * in others is not pooled: it is failed, saying why, so compare leaves it out and says so; so is
 * a row whose runs measured different workloads (another task module, export or inputs).
 */
export function poolRuns(runs: readonly RunResults[]): RunResults {
  const [first, ...rest] = runs;
  if (first === undefined) throw new Error('poolRuns: needs at least one run');
  const others = new Map<string, { row: Row; result: ScenarioResult }[]>();
  for (const run of rest) {
    for (const result of run.scenarios) for (const row of result.rows) others.set(rowId(result, row), [...(others.get(rowId(result, row)) ?? []), { row, result }]);
  }
  return {
    ...first,
    scenarios: first.scenarios.map((result) => ({
      ...result,
      rows: result.rows.map((row) => {
        const pooled = others.get(rowId(result, row)) ?? [];
        const differences = [...new Set(pooled.flatMap((other) => workloadDifferences(result, other.result)))];
        if (differences.length > 0) {
          return { ...row, state: 'failed' as const, failure: `the pooled runs measured different workloads (${differences.join('; ')}), so its trials cannot be pooled` };
        }
        const more = pooled.map((other) => other.row);
        const failed = [row, ...more].find((r) => r.state === 'failed');
        if (failed !== undefined) return failed;
        if (more.some((r) => itemRepeats(r) !== itemRepeats(row))) {
          return { ...row, state: 'failed' as const, failure: "its copies ran all the items each in some of the pooled runs (files written before they split them) and their shares in others, so its trials cannot be pooled" };
        }
        // Each trial keeps its run: trials of one run share its machine's state, so compare tests runs, not trials.
        const tagged = (r: Row, run: number): Row['trials'] => r.trials.map((t) => ({ ...t, pooledRun: run }));
        return { ...row, trials: [...tagged(row, 0), ...more.flatMap((r, i) => tagged(r, i + 1))] };
      }),
    })),
  };
}
