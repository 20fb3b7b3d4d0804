/** The row plan: strategies expanded into rows over the swept sizes, and the order of each round. */
import type { StrategyDefinition } from '../../strategies/executor.js';
import type { RowPlan } from '../results/records.js';
import { harnessRowKind, isSequentialRow } from '../results/row-kinds.js';
import { RUNTIME_SETTINGS, settingFields, sweptValues, type RuntimeSettingFields, type RuntimeSettingSweeps } from '../settings/registry.js';
import type { AnyRuntimeSetting, SettingValue } from '../settings/runtime-setting.js';
import type { RowKind } from './row-kinds/row-kind.js';

/** What to sweep: pool sizes, promise limits, chunk sizes, sampling periods, scenario flags and runtime settings (each empty or absent: left alone). */
export interface Sweep extends RuntimeSettingSweeps {
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

/**
 * Every combination of the runtime settings' values, in declaration order (the first varies
 * slowest); a setting not swept adds no field and nothing to names.
 */
function settingCombinations(sweep: Sweep): Variation<RuntimeSettingFields>[] {
  let combos: { values: Map<AnyRuntimeSetting, SettingValue>; key: string; label: string }[] = [{ values: new Map(), key: '', label: '' }];
  for (const setting of RUNTIME_SETTINGS) {
    const values = sweptValues(sweep, setting);
    if (values.length === 0) continue;
    combos = combos.flatMap((combo) =>
      variations(values, (v) => setting.keyPart(v), (v) => setting.labelPart(v)).map((v) => ({
        values: new Map([...combo.values, [setting, v.value]]),
        key: combo.key + v.key,
        label: combo.label + v.label,
      })),
    );
  }
  return combos.map(({ values, key, label }) => ({ value: settingFields(values), key, label }));
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

/** Where a row sorts: the sequential baseline first, then the harness's own rows (the ceiling), then the approaches. */
const rank = (plan: RowPlan): number => (isSequentialRow(plan) ? 0 : harnessRowKind(plan) !== undefined ? 1 : 2);

/**
 * Expands strategies into rows: one per pool size for pools, one per limit for `promise`,
 * one for the rest; times every chunk size (pools only: in-process strategies send no
 * messages), sampling period, runtime setting (see harness/settings/registry.ts) and swept scenario flag value. Adds
 * the rows of the harness's row `kinds` (run/row-kinds/), each planned as its declaration says
 * (the ceiling: one per `--workers` value), with no chunk sizes and one item in flight per lane.
 * The sequential baseline comes first, the harness's rows next.
 */
export function planRows(definitions: ReadonlyMap<string, StrategyDefinition>, sweep: Sweep, kinds: readonly Pick<RowKind, 'name' | 'planned'>[] = []): RowPlan[] {
  const rows: RowPlan[] = [];
  const samplings = variations(sweep.sampleIntervalsMs, (v) => `s${v}`, (v) => (v === 0 ? 'sampling off' : `sampling ${v}ms`));
  const settings = settingCombinations(sweep);
  const params = paramCombinations(sweep.paramSweeps);
  // `ownRow` marks a row kind of the harness: it sends no messages and runs one item at a time per lane.
  const planned: [string, Pick<StrategyDefinition, 'name' | 'usesWorkers' | 'usesConcurrency'>, boolean][] = [
    ...[...definitions].map(([strategy, definition]): [string, StrategyDefinition, boolean] => [strategy, definition, false]),
    ...kinds.map((kind): [string, Pick<StrategyDefinition, 'name' | 'usesWorkers' | 'usesConcurrency'>, boolean] => [kind.name, { name: kind.name, ...kind.planned }, true]),
  ];
  for (const [strategy, definition, ownRow] of planned) {
    // `strategy` is what the trial loads (a registry name or a module path); `name` is what people read.
    const chunks = definition.usesWorkers && !ownRow
      ? variations(sweep.chunkSizes, (v) => `k${v}`, (v) => `k${v}`)
      : [{ value: sweep.chunkSizes[0] ?? 1, key: '', label: '' }];
    for (const shape of shapes(definition.name, definition, sweep)) {
      for (const chunk of chunks) {
        for (const sampling of samplings) {
          for (const setting of settings) {
            for (const param of params) {
              rows.push({
                key: shape.key + chunk.key + sampling.key + setting.key + param.key,
                label: shape.label + chunk.label + sampling.label + setting.label + param.label,
                strategy,
                workers: shape.workers,
                concurrency: ownRow ? 1 : shape.concurrency,
                chunkSize: chunk.value,
                sampleIntervalMs: sampling.value,
                params: param.value,
                usesWorkers: definition.usesWorkers,
                usesConcurrency: definition.usesConcurrency,
                parallelism: shape.parallelism,
                ...setting.value,
              });
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
