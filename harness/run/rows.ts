/** The row plan: strategies expanded into rows over the swept sizes, and the order of each round. */
import type { StrategyDefinition } from '../../strategies/executor.js';
import type { RowPlan } from '../results/records.js';

/** What to sweep: pool sizes, promise limits, chunk sizes, sampling periods and scenario flags. */
export interface Sweep {
  readonly workers: readonly number[];
  readonly concurrency: readonly number[];
  /** Tasks in flight per pool worker. */
  readonly perWorker: number;
  readonly chunkSizes: readonly number[];
  /** pidusage sampling periods in milliseconds; 0 = off. */
  readonly sampleIntervalsMs: readonly number[];
  /** Scenario flags given with several values, by flag name. */
  readonly paramSweeps: Readonly<Record<string, readonly string[]>>;
}

interface Shape {
  readonly key: string;
  readonly label: string;
  readonly workers: number;
  readonly concurrency: number;
}

/** One dimension of the sweep: a value, the key part and label part it adds when it varies. */
interface Variation<T> {
  readonly value: T;
  readonly key: string;
  readonly label: string;
}

function variations<T>(values: readonly T[], key: (v: T) => string, label: (v: T) => string): Variation<T>[] {
  // A dimension with one value adds nothing to names, so a plain run keeps plain row names.
  return values.map((value) => ({ value, key: values.length > 1 ? `/${key(value)}` : '', label: values.length > 1 ? ` ${label(value)}` : '' }));
}

/** Every combination of swept scenario flag values. */
function paramCombinations(sweeps: Readonly<Record<string, readonly string[]>>): Variation<Record<string, string>>[] {
  let combos: Variation<Record<string, string>>[] = [{ value: {}, key: '', label: '' }];
  for (const [name, values] of Object.entries(sweeps)) {
    combos = combos.flatMap((combo) =>
      variations(values, (v) => `${name}=${v}`, (v) => `${name}=${v}`).map((v) => ({
        value: { ...combo.value, [name]: v.value },
        key: combo.key + v.key,
        label: combo.label + v.label,
      })),
    );
  }
  return combos;
}

function shapes(name: string, definition: StrategyDefinition, sweep: Sweep): Shape[] {
  if (definition.usesWorkers) {
    return sweep.workers.map((workers) => ({ key: `${name}/w${workers}`, label: `${name} x${workers}`, workers, concurrency: sweep.perWorker }));
  }
  if (definition.usesConcurrency) {
    return sweep.concurrency.map((concurrency) => ({ key: `${name}/c${concurrency}`, label: `${name} c${concurrency}`, workers: 1, concurrency }));
  }
  return [{ key: name, label: name, workers: 1, concurrency: 1 }];
}

/**
 * Expands strategies into rows: one per pool size for pools, one per limit for `promise`,
 * one for the rest; times every chunk size (pools only: in-process strategies send no
 * messages), sampling period and swept scenario flag value. The sequential baseline comes first.
 */
export function planRows(definitions: ReadonlyMap<string, StrategyDefinition>, sweep: Sweep): RowPlan[] {
  const rows: RowPlan[] = [];
  const samplings = variations(sweep.sampleIntervalsMs, (v) => `s${v}`, (v) => (v === 0 ? 'sampling off' : `sampling ${v}ms`));
  const params = paramCombinations(sweep.paramSweeps);
  for (const [strategy, definition] of definitions) {
    // `strategy` is what the trial loads (a registry name or a module path); `name` is what people read.
    const chunks = definition.usesWorkers
      ? variations(sweep.chunkSizes, (v) => `k${v}`, (v) => `k${v}`)
      : [{ value: sweep.chunkSizes[0] ?? 1, key: '', label: '' }];
    for (const shape of shapes(definition.name, definition, sweep)) {
      for (const chunk of chunks) {
        for (const sampling of samplings) {
          for (const param of params) {
            rows.push({
              key: shape.key + chunk.key + sampling.key + param.key,
              label: shape.label + chunk.label + sampling.label + param.label,
              strategy,
              workers: shape.workers,
              concurrency: shape.concurrency,
              chunkSize: chunk.value,
              sampleIntervalMs: sampling.value,
              params: param.value,
              usesWorkers: definition.usesWorkers,
              usesConcurrency: definition.usesConcurrency,
            });
          }
        }
      }
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
