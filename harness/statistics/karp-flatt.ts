import type { Row, ScenarioResult } from '../results/records.js';

/**
 * Karp-Flatt's experimentally determined serial fraction: e = (1/S - 1/p) / (1 - 1/p) for a
 * speedup S on p processors. Constant e as p grows points at an inherently serial part; growing e
 * points at overhead that grows with the pool.
 */
export function karpFlatt(speedup: number, processors: number): number {
  if (!(processors > 1)) throw new Error('karpFlatt: needs more than one processor');
  if (!(speedup > 0)) throw new Error('karpFlatt: needs a positive speedup');
  return (1 / speedup - 1 / processors) / (1 - 1 / processors);
}

/** The pool size of a pool row (keys end in `/w<workers>`, see harness/run/rows.ts), else undefined. */
export function poolWorkers(row: Row): number | undefined {
  return row.key.endsWith(`/w${row.workers}`) ? row.workers : undefined;
}

/** The serial fraction of one pool row, from its work-window speedup over sequential. */
export interface SerialFraction {
  readonly label: string;
  readonly strategy: string;
  readonly workers: number;
  /** Processors the pool could use: its workers, capped at the machine's cores. */
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
    const processors = Math.min(workers, cores);
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
