import { fileURLToPath } from 'node:url';
import { paramsAsFlags } from '../../scenarios/support/flags.js';
import type { ScenarioOptions } from '../../scenarios/scenario.js';
import type { ProcessMeasurement } from '../measure/process.js';
import type { TrialRecord } from '../results/records.js';
import type { RowPlan } from './rows.js';
import { checkOutputs, type Reference } from './verify.js';

const CLI = fileURLToPath(new URL('../cli.js', import.meta.url));

/** Limits handed to every trial: `--task-timeout` in milliseconds and `--worker-heap-mb`. */
export interface TrialLimits {
  readonly taskTimeoutMs?: number | undefined;
  readonly workerHeapMb?: number | undefined;
}

/** The environment a row's trials run in: the harness's own, with UV_THREADPOOL_SIZE set where the row sets it. */
export function trialEnv(plan: Pick<RowPlan, 'uvThreadpoolSize'>, base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return plan.uvThreadpoolSize === undefined ? base : { ...base, UV_THREADPOOL_SIZE: String(plan.uvThreadpoolSize) };
}

/** The exact command of one trial: what the harness spawns, and what a user can `time`. */
export function trialCommand(
  scenario: string,
  plan: RowPlan,
  scenarioOptions: ScenarioOptions,
  limits: TrialLimits = {},
): string[] {
  const { taskTimeoutMs, workerHeapMb } = limits;
  return [
    process.execPath,
    ...(workerHeapMb === undefined ? [] : [`--max-old-space-size=${workerHeapMb}`]),
    CLI,
    'trial',
    '--scenario', scenario,
    '--strategy', plan.strategy,
    '--workers', String(plan.workers),
    '--concurrency', String(plan.concurrency),
    '--chunk-size', String(plan.chunkSize),
    '--items', String(scenarioOptions.items),
    '--cache-dir', scenarioOptions.cacheDir,
    ...(scenarioOptions.input === undefined ? [] : ['--input', scenarioOptions.input]),
    ...(scenarioOptions.incremental ? ['--incremental', '--row-key', plan.key.replace(/\//g, '-')] : []),
    ...paramsAsFlags({ ...scenarioOptions.params, ...plan.params }),
    ...(taskTimeoutMs === undefined ? [] : ['--task-timeout', String(taskTimeoutMs / 1000)]),
    ...(workerHeapMb === undefined ? [] : ['--worker-heap-mb', String(workerHeapMb)]),
  ];
}

/** What one measured trial becomes in the results: the OS's figures, the trial's own, and any problem. */
export function recordTrial(
  round: number,
  warmup: boolean,
  m: ProcessMeasurement,
  reference: Reference | undefined,
): TrialRecord {
  const r = m.report;
  let problem: string | null = null;
  if (m.timedOut) problem = 'trial timed out (see --trial-timeout)';
  else if (r === undefined) problem = `trial exited with ${m.signal ?? `code ${String(m.exitCode)}`} without a report${m.stderrTail ? `: ${m.stderrTail.split('\n').slice(-3).join(' ')}` : ''}`;
  else if (r.status === 'error') problem = r.error ?? 'trial failed';
  else if (m.exitCode !== 0) problem = `trial exited with code ${String(m.exitCode)}`;
  else if (reference !== undefined) problem = checkOutputs(reference, r.digests, r.failures);
  return {
    round,
    warmup,
    exitCode: m.exitCode,
    signal: m.signal,
    realSeconds: m.realSeconds,
    userSeconds: m.userSeconds,
    sysSeconds: m.sysSeconds,
    timeMethod: m.timeMethod,
    bootSeconds: r?.bootSeconds ?? null,
    prepareSeconds: r?.prepareSeconds ?? null,
    startupSeconds: r?.startupSeconds ?? null,
    workSeconds: r?.workSeconds ?? null,
    workUserSeconds: r?.workUserSeconds ?? null,
    workSysSeconds: r?.workSysSeconds ?? null,
    shutdownSeconds: r?.shutdownSeconds ?? null,
    peakRssBytes: m.peakRssBytes,
    harnessCpuSeconds: m.harnessCpuSeconds,
    items: r?.items ?? null,
    itemFailures: r?.failures ?? [],
    counters: r?.counters ?? {},
    boundSeconds: r?.boundSeconds ?? null,
    events: r?.events ?? [],
    verified: problem === null && reference !== undefined,
    problem,
    timeline: m.timeline,
    ...(r === undefined ? {} : { uvThreadpoolSize: r.uvThreadpoolSize ?? null }),
  };
}

