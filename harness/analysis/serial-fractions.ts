/** Karp-Flatt serial fractions of a scenario's pool rows, and whether it swept pool sizes. */
import { processorsFor } from '../measure/context.js';
import { poolWorkers } from '../results/row-figures.js';
import type { ScenarioResult } from '../results/records.js';
import { karpFlatt } from '../statistics/karp-flatt.js';

/** The serial fraction of one pool row, from its work-window speedup over sequential. */
export interface SerialFraction {
  readonly label: string;
  readonly strategy: string;
  readonly workers: number;
  /** Processors the pool could use: its workers, capped at the cores or a CPU quota, over what one process gets (`processorsFor`). */
  readonly processors: number;
  /** Work-window speedup over sequential (unitless). */
  readonly speedup: number;
  /** Serial fraction e, 0..1 for sensible speedups (a fraction, not percent). */
  readonly fraction: number;
}

/** Serial fractions of every completed pool row that could use more than one core. */
export function serialFractions(result: ScenarioResult, cores: number): SerialFraction[] {
  const fractions: SerialFraction[] = [];
  for (const row of result.rows) {
    const workers = poolWorkers(row);
    if (workers === undefined || row.state !== 'completed' || row.summary.speedup === null) continue;
    const processors = processorsFor(workers, cores);
    const speedup = row.summary.speedup.work.value;
    if (processors < 2 || !(speedup > 0)) continue;
    fractions.push({ label: row.label, strategy: row.strategy, workers, processors, speedup, fraction: karpFlatt(speedup, processors) });
  }
  return fractions;
}

/** True when one strategy was run at two or more pool sizes: a workers sweep. */
export function hasWorkersSweep(result: ScenarioResult): boolean {
  const sizes = new Map<string, Set<number>>();
  for (const row of result.rows) {
    const workers = poolWorkers(row);
    if (workers === undefined) continue;
    sizes.set(row.strategy, (sizes.get(row.strategy) ?? new Set()).add(workers));
  }
  return [...sizes.values()].some((set) => set.size >= 2);
}
