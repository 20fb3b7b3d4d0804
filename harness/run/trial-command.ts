import { fileURLToPath } from 'node:url';
import { paramsAsFlags } from '../../scenarios/support/flags.js';
import type { ScenarioOptions } from '../../scenarios/scenario.js';
import type { ProcessMeasurement } from '../measure/process.js';
import { stackSamples } from '../measure/thread-sampler.js';
import type { TrialReport } from '../trial/report.js';
import type { TrialRecord } from '../results/records.js';
import type { RowPlan } from './rows.js';
import { checkOutputs, type Reference } from './verify.js';
import { deathWithoutReport, type Diagnosis } from './trial-death.js';

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

/**
 * Why a trial gave no usable report (timed out, died, failed to start), or null when it did.
 * `workerHeapMb` is the `--worker-heap-mb` it ran under, to say which limit a heap ran into;
 * `diagnosis`, what a diagnostic rerun of a trial that died found.
 */
export function trialFailure(m: ProcessMeasurement<TrialReport>, workerHeapMb?: number, diagnosis?: Diagnosis): string | null {
  const r = m.report;
  if (m.timedOut) return 'trial timed out (see --trial-timeout)';
  if (r === undefined) return deathWithoutReport(m, workerHeapMb, diagnosis);
  if (r.status === 'error') return r.error ?? 'trial failed';
  if (m.exitCode !== 0) return `trial exited with code ${String(m.exitCode)}`;
  return null;
}

/** What one measured trial becomes in the results: the OS's figures, the trial's own, and any problem. */
export function recordTrial(
  round: number,
  warmup: boolean,
  m: ProcessMeasurement<TrialReport>,
  reference: Reference | undefined,
  windowSampleIntervalMs = 0,
  workerHeapMb?: number,
  diagnosis?: Diagnosis,
): TrialRecord {
  const r = m.report;
  let problem = trialFailure(m, workerHeapMb, diagnosis);
  if (problem === null && r !== undefined && reference !== undefined) problem = checkOutputs(reference, r.digests, r.failures);
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
    peakRssBytes: r?.peakMemory?.bytes ?? m.peakRssBytes,
    peakRssMethod: r?.peakMemory?.method ?? (m.peakRssBytes > 0 ? 'largest summed RSS of the tree among the samples' : 'not measured (sampling off)'),
    harnessCpuSeconds: m.harnessCpuSeconds,
    items: r?.items ?? null,
    itemFailures: r?.failures ?? [],
    counters: r?.counters ?? {},
    boundSeconds: r?.boundSeconds ?? null,
    events: r?.events ?? [],
    verified: problem === null && reference !== undefined,
    problem,
    timeline: timelineOf(m, r),
    window: m.window.startSeconds === null ? null : m.window,
    windowSampleIntervalMs,
    foreignLoadCores: m.foreignCores,
    threads: r?.threads ?? null,
    jsThreads: r?.jsThreads ?? [],
    ...(r === undefined ? {} : { uvThreadpoolSize: r.uvThreadpoolSize ?? null }),
  };
}


/** The CPU timeline: per-thread samples stacked by the kinds the trial reported, else pidusage's. */
function timelineOf(m: ProcessMeasurement<TrialReport>, r: TrialReport | undefined): TrialRecord['timeline'] {
  if (m.threadSamples.length === 0) return m.timeline;
  const kinds = r?.kindsByTid === undefined ? undefined : new Map(r.kindsByTid);
  return stackSamples(m.threadSamples, kinds === undefined ? undefined : (tid) => kinds.get(tid));
}
