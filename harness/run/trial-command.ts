/** The command line of one trial: what the harness spawns and what a user can `time`. */
import { fileURLToPath } from 'node:url';
import { paramsAsFlags } from '../../scenarios/support/flags.js';
import type { ScenarioOptions } from '../../scenarios/scenario.js';
import type { RowPlan } from '../results/records.js';
import { RUNTIME_SETTINGS, settingValue, type RuntimeSettingFields } from '../settings/registry.js';
import { fileNamePart } from '../safe-text.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

/** Limits every trial of a run gets. */
export interface TrialLimits {
  /** `--task-timeout` in milliseconds; undefined = no limit. */
  readonly taskTimeoutMs?: number | undefined;
  /** `--worker-heap-mb`: heap limit of each worker and of the trial itself, in MiB. */
  readonly workerHeapMb?: number | undefined;
  /** `--plant-slowdown`: strategies whose rows' task calls each run a known fraction longer (compare's calibration). */
  readonly plantedSlowdown?: readonly PlantedSlowdown[] | undefined;
  /** `--instruments`: the instruments every trial reads beyond the built-in readings. */
  readonly instruments?: readonly string[] | undefined;
  /** `--explain`: every trial reads threads by kind, GC and event loops around its work window. */
  readonly explain?: boolean | undefined;
}

/** A regression of known size, planted in the rows of one strategy (or `independent`) to calibrate `compare`. */
export interface PlantedSlowdown {
  readonly strategy: string;
  /** 0.1: each task call takes 10% longer than it would, spent computing on the thread that ran it. */
  readonly fraction: number;
}

/** The slowdown planted in a row's trials, if any: the one whose strategy starts its key (copies of `independent` included). */
export function plantedIn(plan: Pick<RowPlan, 'key'>, planted: readonly PlantedSlowdown[] | undefined): PlantedSlowdown | undefined {
  return planted?.find((p) => plan.key.split('/')[0] === p.strategy);
}

/**
 * The environment a row's trials run in: the harness's own, with each variable the row's runtime
 * settings set (UV_THREADPOOL_SIZE, its `--malloc` tunables added to GLIBC_TUNABLES...).
 */
export function trialEnv(plan: RuntimeSettingFields, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const setting of RUNTIME_SETTINGS) {
    const value = settingValue(plan, setting);
    const set = value === undefined ? undefined : setting.variable?.value(value, base[setting.variable.name]);
    if (set !== undefined && setting.variable !== undefined) env[setting.variable.name] = set;
  }
  return env;
}

/** The Node arguments a row's runtime settings start its trials with (its `--node-flags`...), in declaration order. */
export function settingArgs(plan: RuntimeSettingFields): string[] {
  return RUNTIME_SETTINGS.flatMap((setting) => {
    const value = settingValue(plan, setting);
    return value === undefined ? [] : (setting.nodeArgs?.(value) ?? []);
  });
}

/** The exact command of one trial: what the harness spawns, and what a user can `time`. */
export function trialCommand(
  scenario: string,
  plan: RowPlan,
  scenarioOptions: ScenarioOptions,
  limits: TrialLimits = {},
): string[] {
  const { taskTimeoutMs, workerHeapMb, plantedSlowdown, instruments = [], explain = false } = limits;
  const planted = plantedIn(plan, plantedSlowdown);
  return [
    process.execPath,
    ...settingArgs(plan),
    ...(workerHeapMb === undefined ? [] : [`--max-old-space-size=${workerHeapMb}`]),
    CLI,
    'trial',
    '--scenario', scenario,
    '--strategy', plan.strategy,
    '--workers', String(plan.workers),
    '--concurrency', String(plan.concurrency),
    '--chunk-size', String(plan.chunkSize),
    '--items', String(scenarioOptions.items),
    ...(scenarioOptions.firstItem === undefined || scenarioOptions.firstItem === 0 ? [] : ['--first-item', String(scenarioOptions.firstItem)]),
    '--cache-dir', scenarioOptions.cacheDir,
    ...(scenarioOptions.input === undefined ? [] : ['--input', scenarioOptions.input]),
    ...(scenarioOptions.incremental ? ['--incremental', '--row-key', fileNamePart(plan.key.replace(/\//g, '-'))] : []),
    ...paramsAsFlags({ ...scenarioOptions.params, ...plan.params }),
    ...(taskTimeoutMs === undefined ? [] : ['--task-timeout', String(taskTimeoutMs / 1000)]),
    ...(workerHeapMb === undefined ? [] : ['--worker-heap-mb', String(workerHeapMb)]),
    ...(planted === undefined ? [] : ['--planted-slowdown', String(planted.fraction)]),
    ...(instruments.length === 0 ? [] : ['--instruments', instruments.join(',')]),
    ...(explain ? ['--explain'] : []),
  ];
}
