/** The api workflow's fixed data and flags: endpoints, intervals, stage seconds. */
import type { CpuModel } from '../tasks/report.js';

/** The article's three API endpoints, collected in this order. */
export const ENDPOINTS = ['24h', '1h', '5m'] as const;
/** The report intervals of every endpoint. */
export const INTERVALS = [30, 60, 90] as const;
/** Reports in one run: one per endpoint and interval. */
export const REPORTS = ENDPOINTS.length * INTERVALS.length;

/** The arrangements `--variant` chooses between (see README, "The api scenario's variants"). */
export const VARIANTS = ['best', 'serial', 'background-report', 'per-batch-pool', 'persistent-pool', 'persistent-pool-overlap'] as const;
/** One arrangement of the workflow. */
export type Variant = (typeof VARIANTS)[number];

export const CPU_MODELS: readonly CpuModel[] = ['spin', 'sleep'];

/** A sequential run takes 70.2 s x this: about 2 s, so the default run is quick. */
export const DEFAULT_TIME_SCALE = 0.03;

/** The durations of one workflow, in seconds. */
export interface StageSeconds {
  /** One API call (the endpoint's collect): one at a time. */
  readonly collect: number;
  /** One batch's import: one at a time. */
  readonly import: number;
  /** Single-core seconds of one report, per interval, in `INTERVALS` order. */
  readonly report: readonly number[];
}

/** The article's durations, multiplied by `timeScale`: 4.5 s per collect, 0.9 s per import, 3/6/9 s per report at 1. */
export function stageSeconds(timeScale: number): StageSeconds {
  const longest = Math.max(...INTERVALS);
  return {
    collect: 0.05 * longest * timeScale,
    import: 0.01 * longest * timeScale,
    report: INTERVALS.map((interval) => 0.1 * interval * timeScale),
  };
}

/** The `api` scenario's flags, parsed. */
export interface ApiParams {
  readonly variant: Variant;
  readonly cpuModel: CpuModel;
  /** Multiplies every duration. */
  readonly timeScale: number;
}

/** Why a `--variant` value is unacceptable, or undefined. */
export function checkVariant(value: string): string | undefined {
  return (VARIANTS as readonly string[]).includes(value) ? undefined : `unknown variant; choose one of: ${VARIANTS.join(', ')}`;
}

/** Why a `--cpu-model` value is unacceptable, or undefined. */
export function checkCpuModel(value: string): string | undefined {
  return (CPU_MODELS as readonly string[]).includes(value) ? undefined : `choose spin (burn CPU) or sleep (wait)`;
}

/** Why a `--time-scale` value is unacceptable, or undefined. */
export function checkTimeScale(value: string): string | undefined {
  const scale = Number(value);
  if (value.trim() === '' || !Number.isFinite(scale) || scale <= 0) return 'must be a positive number, e.g. 0.03 or 1';
  if (scale > 10) return 'at most 10 (a sequential run takes 70.2 s x the scale)';
  return undefined;
}

/** Reads the flags the CLI has already checked. */
export function apiParams(params: Readonly<Record<string, string>>): ApiParams {
  const variant = params['variant'] ?? 'best';
  const cpuModel = params['cpu-model'] ?? 'spin';
  const timeScale = params['time-scale'] ?? String(DEFAULT_TIME_SCALE);
  for (const problem of [checkVariant(variant), checkCpuModel(cpuModel), checkTimeScale(timeScale)]) {
    if (problem !== undefined) throw Object.assign(new Error(`api: ${problem}`), { code: 'BAD_INPUT' });
  }
  return { variant: variant as Variant, cpuModel: cpuModel as CpuModel, timeScale: Number(timeScale) };
}
