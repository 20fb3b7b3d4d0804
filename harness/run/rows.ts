/** The row plan: strategies expanded into rows over the swept sizes, and the order of each round. */
import type { StrategyDefinition } from '../../strategies/executor.js';
import type { RowPlan } from '../results/records.js';
import { INDEPENDENT, isIndependent, isSequentialRow } from '../results/row-kinds.js';

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
  /** `--uv-threadpool` values, one row per value; empty or absent: UV_THREADPOOL_SIZE is left as it is. */
  readonly uvThreadpoolSizes?: readonly number[];
  /** `--malloc` settings, one row per value; empty or absent: the allocator is left as it is. */
  readonly mallocSettings?: readonly string[];
  /** `--node-flags` values, one row per value (`none`: no flags); empty or absent: trials start with no flags of their own. */
  readonly nodeFlagSets?: readonly string[];
}

interface Shape {
  readonly key: string;
  readonly label: string;
  readonly workers: number;
  readonly concurrency: number;
  readonly parallelism: number;
}

/** One dimension of the sweep: a value, the key part and label part it adds when it varies. */
interface Variation<T> {
  readonly value: T;
  readonly key: string;
  readonly label: string;
}

function variations<T>(values: readonly T[], key: (v: T) => string, label: (v: T) => string): Variation<T>[] {
  // A dimension with one value adds nothing to names, so a plain run keeps plain row names.
  const keys = values.map(key);
  // Keys made from free text (Node flags, tunables) can meet after cleaning: then each takes its position too.
  const clash = new Set(keys).size < keys.length;
  return values.map((value, i) => ({
    value,
    key: values.length > 1 ? `/${keys[i] as string}${clash ? `-${i + 1}` : ''}` : '',
    label: values.length > 1 ? ` ${label(value)}` : '',
  }));
}

/** A dimension that may be absent: no values leave rows as they are (the value undefined, nothing added to names). */
function optionalVariations<T>(values: readonly T[] | undefined, key: (v: T) => string, label: (v: T) => string): Variation<T | undefined>[] {
  return values === undefined || values.length === 0 ? [{ value: undefined, key: '', label: '' }] : variations(values, key, label);
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

function shapes(name: string, definition: Pick<StrategyDefinition, 'usesWorkers' | 'usesConcurrency'>, sweep: Sweep): Shape[] {
  if (definition.usesWorkers) {
    return sweep.workers.map((workers) => ({ key: `${name}/w${workers}`, label: `${name} x${workers}`, workers, concurrency: sweep.perWorker, parallelism: workers }));
  }
  if (definition.usesConcurrency) {
    return sweep.concurrency.map((concurrency) => ({ key: `${name}/c${concurrency}`, label: `${name} c${concurrency}`, workers: 1, concurrency, parallelism: concurrency }));
  }
  return [{ key: name, label: name, workers: 1, concurrency: 1, parallelism: 1 }];
}

/**
 * The ceiling row kind, planned like a pool: one row per `--workers` value, whose `workers` is the
 * number of sequential copies run at once (see harness/results/row-kinds.ts).
 */
const INDEPENDENT_SHAPE = { usesWorkers: true, usesConcurrency: false } as const;

/** Where a row sorts: the sequential baseline first, then the ceiling, then the approaches. */
const rank = (plan: RowPlan): number => (isSequentialRow(plan) ? 0 : isIndependent(plan) ? 1 : 2);

/**
 * Expands strategies into rows: one per pool size for pools, one per limit for `promise`,
 * one for the rest; times every chunk size (pools only: in-process strategies send no
 * messages), sampling period, libuv pool size, allocator setting, Node flags and swept scenario flag value. With
 * `independent`, adds the ceiling row per `--workers` value. The sequential baseline comes
 * first, the ceiling next.
 */
export function planRows(definitions: ReadonlyMap<string, StrategyDefinition>, sweep: Sweep, independent = false): RowPlan[] {
  const rows: RowPlan[] = [];
  const samplings = variations(sweep.sampleIntervalsMs, (v) => `s${v}`, (v) => (v === 0 ? 'sampling off' : `sampling ${v}ms`));
  const uvSizes = optionalVariations(sweep.uvThreadpoolSizes, (v) => `uv${v}`, (v) => `uv${v}`);
  const mallocs = optionalVariations(sweep.mallocSettings, (v) => `m-${v.replace(/^glibc\.malloc\./, '').replace(/[^a-z0-9_=]+/g, '-')}`, (v) => `malloc ${v}`);
  const flagSets = optionalVariations(sweep.nodeFlagSets, (v) => `n-${v.replace(/^-+/, '').replace(/[^A-Za-z0-9_=.]+/g, '-')}`, (v) => `node ${v}`);
  const params = paramCombinations(sweep.paramSweeps);
  const kinds: [string, Pick<StrategyDefinition, 'name' | 'usesWorkers' | 'usesConcurrency'>][] = [...definitions];
  if (independent) kinds.push([INDEPENDENT, { name: INDEPENDENT, ...INDEPENDENT_SHAPE }]);
  for (const [strategy, definition] of kinds) {
    // `strategy` is what the trial loads (a registry name or a module path); `name` is what people read.
    const chunks = definition.usesWorkers && strategy !== INDEPENDENT
      ? variations(sweep.chunkSizes, (v) => `k${v}`, (v) => `k${v}`)
      : [{ value: sweep.chunkSizes[0] ?? 1, key: '', label: '' }];
    for (const shape of shapes(definition.name, definition, sweep)) {
      for (const chunk of chunks) {
        for (const sampling of samplings) {
          for (const uv of uvSizes) {
            for (const malloc of mallocs) {
            for (const flags of flagSets) {
            for (const param of params) {
              rows.push({
                key: shape.key + chunk.key + sampling.key + uv.key + malloc.key + flags.key + param.key,
                label: shape.label + chunk.label + sampling.label + uv.label + malloc.label + flags.label + param.label,
                strategy,
                workers: shape.workers,
                concurrency: strategy === INDEPENDENT ? 1 : shape.concurrency,
                chunkSize: chunk.value,
                sampleIntervalMs: sampling.value,
                params: param.value,
                usesWorkers: definition.usesWorkers,
                usesConcurrency: definition.usesConcurrency,
                parallelism: shape.parallelism,
                ...(uv.value === undefined ? {} : { uvThreadpoolSize: uv.value }),
                ...(malloc.value === undefined ? {} : { malloc: malloc.value }),
                ...(flags.value === undefined ? {} : { nodeFlags: flags.value }),
              });
            }
            }
            }
          }
        }
      }
    }
  }
  return rows.sort((a, b) => rank(a) - rank(b));
}

/** The order of round `round`: rows rotated by one each round, so no row always runs first. */
export function roundOrder<T>(rows: readonly T[], round: number): T[] {
  if (rows.length === 0) return [];
  const shift = round % rows.length;
  return [...rows.slice(shift), ...rows.slice(0, shift)];
}
