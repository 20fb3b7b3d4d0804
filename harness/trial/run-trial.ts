/** One trial inside its own process: prepare, start, the timed work window, shutdown, digest. */
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { addUsage, ZERO_USAGE, type CpuUsage, type Executor, type Outcome } from '../../strategies/executor.js';
import { loadStrategy } from '../../strategies/registry.js';
import { loadScenario } from '../../scenarios/registry.js';
import type { DigestFailure, RunContext, RunShape, ScenarioOptions } from '../../scenarios/scenario.js';
import type { ItemFailure, TrialReport } from './report.js';
import { childrenPeak, peakMemory } from './peak-memory.js';
import { waitAtStartBarrier } from '../measure/start-barrier.js';
import { traceToFile, writeLastWords } from './last-words.js';
import { checkDigests, checkOutcomes } from './scenario-contract.js';
import { InstrumentProbes } from './instrument-probes.js';
import { seenFields } from '../settings/registry.js';

/** Everything that defines one trial: which scenario, which strategy, and its sizes. */
export interface TrialSpec extends ScenarioOptions {
  readonly scenario: string;
  readonly strategy: string;
  readonly workers: number;
  readonly concurrency: number;
  /** Longest one batch may run, in milliseconds (`--task-timeout`); undefined = no limit. */
  readonly taskTimeoutMs?: number | undefined;
  /** Heap limit of each worker in MiB (`--worker-heap-mb`); undefined = Node's default. */
  readonly workerHeapMb?: number | undefined;
  /** Wait for the harness's word before the work window (the copies of an `independent` row). */
  readonly startBarrier?: boolean;
  /** Trace the items run on the main thread into this file (`--diagnose`): a diagnostic rerun, never measured. */
  readonly diagnoseFile?: string | undefined;
  /** Instruments asked for beyond the built-in readings (`--instruments`), by name. */
  readonly instruments?: readonly string[] | undefined;
}

const secondsFromMs = (ms: number): number => ms / 1000;
const secondsFromMicros = (micros: number): number => micros / 1e6;
const cpuSeconds = (usage: CpuUsage): { user: number; sys: number } => ({
  user: secondsFromMicros(usage.user),
  sys: secondsFromMicros(usage.system),
});

/** Told when the work window starts and ends, so a harness can sample faster inside it. */
export type WindowListener = (phase: 'start' | 'end') => void;

/** Longest `executor.shutdown()` may take before the trial gives up on it, in seconds. */
export const SHUTDOWN_LIMIT_SECONDS = 10;

/**
 * Runs exactly one trial in this process: prepare, start, the timed work window, shutdown, digest.
 * An exception nobody caught fails the task in flight where the executor runs tasks on this
 * thread (as a pool fails the item whose worker threw), and the whole trial otherwise. A task
 * that ends the process (process.exit) leaves last words naming its item on stderr.
 */
export async function runTrial(spec: TrialSpec, onWindow: WindowListener = () => undefined): Promise<TrialReport> {
  let executor: Executor | undefined;
  let fail: (error: Error) => void = () => undefined;
  const uncaught = new Promise<never>((_resolve, reject) => (fail = reject));
  const onUncaught = (error: unknown): void => {
    if (executor?.containUncaught?.(error) === true) return;
    fail(new Error(`uncaught exception outside any task: ${error instanceof Error ? error.message : String(error)}`));
  };
  const onExit = (): void => writeLastWords(executor);
  let stopTrace = (): void => undefined;
  const onCreated = (created: Executor): void => {
    executor = created;
    if (spec.diagnoseFile !== undefined) stopTrace = traceToFile(created, spec.diagnoseFile);
  };
  process.on('uncaughtException', onUncaught);
  process.on('exit', onExit);
  try {
    return await Promise.race([runStages(spec, onWindow, onCreated), uncaught]);
  } finally {
    process.off('uncaughtException', onUncaught);
    process.off('exit', onExit);
    stopTrace();
  }
}

/** Waits for a shutdown, or fails the trial when it does not finish in time (a pool that never lets go). */
async function shutdownWithin(executor: Executor): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${executor.name}: shutdown did not finish within ${SHUTDOWN_LIMIT_SECONDS} s`)),
      SHUTDOWN_LIMIT_SECONDS * 1000,
    );
  });
  try {
    await Promise.race([executor.shutdown(), late]);
  } finally {
    clearTimeout(timer);
  }
}

async function runStages(spec: TrialSpec, onWindow: WindowListener, created: (executor: Executor) => void): Promise<TrialReport> {
  const bootSeconds = secondsFromMs(performance.now());
  const scenario = await loadScenario(spec.scenario);
  const definition = await loadStrategy(spec.strategy);
  const marks: Record<string, number> = {};
  const time = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      marks[name] = secondsFromMs(performance.now() - start);
    }
  };

  // setup is cheap once inputs are cached; it makes `parabench trial` work on its own too.
  const prepared = await time('prepare', async () => {
    await scenario.setup(spec);
    return scenario.prepare(spec);
  });
  let executor: Executor | undefined;
  let shutdownTried = false;
  const shape: RunShape = {
    strategy: spec.strategy,
    usesWorkers: definition.usesWorkers,
    usesConcurrency: definition.usesConcurrency,
    workers: spec.workers,
    concurrency: spec.concurrency,
    cores: availableParallelism(),
  };
  const context: RunContext = {
    shape,
    createExecutor: () =>
      definition.create({
        workers: spec.workers,
        concurrency: spec.concurrency,
        ...(spec.taskTimeoutMs === undefined ? {} : { taskTimeoutMs: spec.taskTimeoutMs }),
        ...(spec.workerHeapMb === undefined ? {} : { workerHeapMb: spec.workerHeapMb }),
      }),
  };
  // Opened before the pool starts, so an instrument listening for worker threads hears every hello.
  const probes = await InstrumentProbes.open(spec.instruments ?? []);
  try {
    const pool = context.createExecutor();
    executor = pool;
    created(pool);
    await time('startup', () => pool.start(scenario.tasks?.(spec) ?? []));
    await probes.begin(pool);
    if (spec.startBarrier === true) await waitAtStartBarrier();
    const before = { self: process.cpuUsage(), children: await pool.childCpuUsage() };
    onWindow('start');
    const workStartEpochMs = performance.timeOrigin + performance.now();
    const outcomes: Outcome[] = await time('work', () => scenario.run(pool, prepared, spec, context));
    const workEndEpochMs = performance.timeOrigin + performance.now();
    onWindow('end');
    const selfDelta = process.cpuUsage(before.self);
    const childrenAfter = await pool.childCpuUsage();
    const workCpu = cpuSeconds(
      addUsage(selfDelta, { user: childrenAfter.user - before.children.user, system: childrenAfter.system - before.children.system }),
    );
    const instruments = await probes.end(pool, { seconds: marks['work'] ?? 0, cpuSeconds: workCpu.user + workCpu.sys });
    const childMemory = childrenPeak();
    shutdownTried = true;
    await time('shutdown', () => shutdownWithin(pool));
    const children = cpuSeconds(await pool.childCpuUsage());
    checkOutcomes(scenario.name, outcomes, spec.items);
    const digests: unknown = await time('digest', () => scenario.digest(prepared, outcomes));
    checkDigests(scenario.name, digests, outcomes.length);
    const usage = process.resourceUsage();
    return {
      status: 'ok',
      bootSeconds,
      prepareSeconds: marks['prepare'] ?? 0,
      startupSeconds: marks['startup'] ?? 0,
      workSeconds: marks['work'] ?? 0,
      workUserSeconds: workCpu.user,
      workSysSeconds: workCpu.sys,
      shutdownSeconds: marks['shutdown'] ?? 0,
      digestSeconds: marks['digest'] ?? 0,
      processUserSeconds: secondsFromMicros(usage.userCPUTime),
      processSysSeconds: secondsFromMicros(usage.systemCPUTime),
      childUserSeconds: children.user,
      childSysSeconds: children.sys,
      maxRssKiB: usage.maxRSS,
      items: outcomes.length,
      failures: failuresOf(outcomes, { ...spec, scenario: scenario.name }, scenario.digestFailures?.(prepared) ?? []),
      counters: scenario.counters(outcomes, prepared),
      boundSeconds: scenario.bound?.(prepared, outcomes, shape) ?? null,
      events: scenario.events?.(prepared, outcomes) ?? [],
      facts: await scenario.facts(prepared),
      digests,
      peakMemory: peakMemory(childMemory),
      // Each runtime setting's variable as this process saw it (libuv and glibc read them at start).
      ...seenFields((variable) => process.env[variable.name] ?? null),
      workWindowEpochMs: [workStartEpochMs, workEndEpochMs],
      ...(instruments === undefined ? {} : { instruments }),
    };
  } finally {
    probes.close();
    if (executor !== undefined && !shutdownTried) await shutdownWithin(executor);
    await scenario.cleanup(prepared);
  }
}

/** Items that failed to run, and items that ran but whose outputs could not be hashed, in item order. */
function failuresOf(outcomes: readonly Outcome[], spec: TrialSpec, unhashed: readonly DigestFailure[]): ItemFailure[] {
  const failures: ItemFailure[] = [];
  const failure = (item: number, code: string, message: string): ItemFailure => ({
    item,
    code,
    // Named by its place among the run's inputs: a trial from --first-item n starts at item n.
    message: `${spec.scenario} under ${spec.strategy}: item ${(spec.firstItem ?? 0) + item} failed: ${message}`,
  });
  outcomes.forEach((outcome, item) => {
    if (!outcome.ok) failures.push(failure(item, outcome.error.code, outcome.error.message));
  });
  for (const { item, code, message } of unhashed) failures.push(failure(item, code, message));
  return failures.sort((a, b) => a.item - b.item);
}

/** A report for a trial that could not run at all, so the harness still gets a value. */
export function failedReport(error: unknown): TrialReport {
  const usage = process.resourceUsage();
  return {
    status: 'error',
    error: error instanceof Error ? error.message : String(error),
    bootSeconds: 0,
    prepareSeconds: 0,
    startupSeconds: 0,
    workSeconds: 0,
    workUserSeconds: 0,
    workSysSeconds: 0,
    shutdownSeconds: 0,
    digestSeconds: 0,
    processUserSeconds: secondsFromMicros(usage.userCPUTime),
    processSysSeconds: secondsFromMicros(usage.systemCPUTime),
    childUserSeconds: ZERO_USAGE.user,
    childSysSeconds: ZERO_USAGE.system,
    maxRssKiB: usage.maxRSS,
    items: 0,
    failures: [],
    counters: {},
    boundSeconds: null,
    events: [],
    facts: {},
    digests: [],
  };
}

