import type { StrategyDefinition } from '../strategies/executor.js';

/** One strategy at one size: what a table row and its trials are about. */
export interface RowPlan {
  readonly key: string;
  readonly label: string;
  readonly strategy: string;
  readonly workers: number;
  readonly concurrency: number;
}

/** Sizes to sweep: pool sizes, promise limits, and tasks in flight per pool worker. */
export interface Sweep {
  readonly workers: readonly number[];
  readonly concurrency: readonly number[];
  readonly perWorker: number;
}

/**
 * Expands strategies into rows: one per pool size for pools, one per limit for `promise`,
 * one for the rest. The sequential baseline always comes first.
 */
export function planRows(definitions: ReadonlyMap<string, StrategyDefinition>, sweep: Sweep): RowPlan[] {
  const rows: RowPlan[] = [];
  for (const [strategy, definition] of definitions) {
    // `strategy` is what the trial loads (a registry name or a module path); `name` is what people read.
    const name = definition.name;
    if (definition.usesWorkers) {
      for (const workers of sweep.workers) {
        rows.push({ key: `${name}/w${workers}`, label: `${name} x${workers}`, strategy, workers, concurrency: sweep.perWorker });
      }
    } else if (definition.usesConcurrency) {
      for (const concurrency of sweep.concurrency) {
        rows.push({ key: `${name}/c${concurrency}`, label: `${name} c${concurrency}`, strategy, workers: 1, concurrency });
      }
    } else {
      rows.push({ key: name, label: name, strategy, workers: 1, concurrency: 1 });
    }
  }
  return rows.sort((a, b) => Number(b.strategy === 'sequential') - Number(a.strategy === 'sequential'));
}

/** The order of round `round`: rows rotated by one each round, so no row always runs first. */
export function roundOrder<T>(rows: readonly T[], round: number): T[] {
  if (rows.length === 0) return [];
  const shift = round % rows.length;
  return [...rows.slice(shift), ...rows.slice(0, shift)];
}
