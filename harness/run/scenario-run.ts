import { resolve } from 'node:path';
import { scenarioParams } from '../../scenarios/support/flags.js';
import type { Scenario, ScenarioOptions, ScenarioService } from '../../scenarios/scenario.js';
import type { BenchOptions } from './bench.js';
import type { TimeMethod } from '../measure/child-times.js';
import type { Interruption } from './interruption.js';
import { measureCopies } from '../measure/copies.js';
import { measureProcess, type ProcessMeasurement } from '../measure/process.js';
import { INDEPENDENT } from '../results/row-kinds.js';
import { copyCommands, recordCopies } from './independent.js';
import { scenarioNotes } from '../report/notes.js';
import { Progress } from './progress.js';
import type { Reaper } from './reaper.js';
import type { Row, ScenarioResult, TrialRecord } from '../results/records.js';
import { readTrialMessage, selfReportedCpu, type TrialReport } from '../trial/report.js';
import { roundOrder, type RowPlan } from './rows.js';
import { finishRow, withCeilingShares, withSpeedups } from './summarise.js';
import { recordTrial, trialCommand, trialEnv, trialFailure } from './trial-command.js';
import { diagnose, wantsDiagnosis, type Diagnosis } from './trial-death.js';
import type { Reference } from './verify.js';

/** A scenario and how a trial command names it: its registry name, or the absolute path of its module. */
export interface ChosenScenario {
  readonly ref: string;
  readonly scenario: Scenario<unknown>;
}

/** Runs one scenario at one size: its setup and service, then every row's trials. */
export async function runScenario(
  { ref, scenario }: ChosenScenario,
  requestedItems: number,
  plans: readonly RowPlan[],
  options: BenchOptions,
  method: TimeMethod,
  cores: number,
  interruption: Interruption,
  hooks: RunHooks = {},
): Promise<ScenarioResult> {
  const checkpoint = hooks.checkpoint ?? (async () => undefined);
  const scenarioOptions: ScenarioOptions = {
    items: requestedItems,
    input: options.input === undefined ? undefined : resolve(options.input),
    incremental: options.incremental,
    chunkSize: options.chunkSizes[0] ?? 1,
    cacheDir: resolve(options.cacheDir),
    rowKey: 'reference',
    params: scenarioParams(scenario, options.params),
  };
  const setupFacts = await scenario.setup(scenarioOptions);
  const items = typeof setupFacts['items'] === 'number' ? setupFacts['items'] : scenarioOptions.items;
  const service = await scenario.service?.({ ...scenarioOptions, items });
  let stopped = false;
  try {
    const sized = { ...scenarioOptions, items, params: { ...scenarioOptions.params, ...service?.params } };
    // The command a report prints leaves out what the service supplied: it is gone after the run.
    const shown = { ...scenarioOptions, items };
    const { name, summary } = scenario.describe?.(scenarioOptions.params) ?? scenario;
    const partial = (rows: readonly Row[]): ScenarioResult => ({ scenario: name, summary, items, facts: setupFacts, rows, notes: [] });
    const run = await runRows({ ref, scenario }, plans, options, sized, method, cores, interruption, shown, (rows) => checkpoint(partial(rows)), hooks.reaper);
    stopped = true;
    const facts = { ...setupFacts, ...(await stopService(service)), ...uvThreadpoolFact(options) };
    const unverified = run.unverified === undefined ? [] : [`Rows ran unverified: ${run.unverified}. Their outputs were compared with nothing.`];
    const notes = scenarioNotes(run.rows, facts, { foreignLoadWarnCores: options.foreignLoadWarnCores });
    return {
      scenario: name,
      summary,
      items,
      facts,
      rows: run.rows,
      notes: [...unverified, ...notes],
      ...(scenario.focus === undefined ? {} : { focus: scenario.focus }),
      ...(scenario.scalesWithItems === false ? { scalesWithItems: false } : {}),
    };
  } finally {
    if (!stopped) await stopService(service); // a failed run must not leave the service running
  }
}

/** With `--uv-threadpool`, the pool size is the rows' (each row's label and JSON say which), not the harness's. */
function uvThreadpoolFact(options: BenchOptions): Record<string, string> {
  const sizes = options.uvThreadpoolSizes ?? [];
  return sizes.length === 0 ? {} : { uvThreadpoolSize: `${sizes.join(', ')} (--uv-threadpool, set per row)` };
}

/** Stops a scenario's service and prefixes what it reports with `service.`. */
async function stopService(service: ScenarioService | undefined): Promise<Record<string, string | number | boolean>> {
  if (service === undefined) return {};
  const facts = await service.stop();
  return Object.fromEntries(Object.entries(facts).map(([name, value]) => [`service.${name}`, value]));
}

/** Samples wanted inside a work window, so its timeline shows the trial rather than a point or two. */
export const WINDOW_SAMPLES = 30;
/** Shortest sampling period in milliseconds: below it the harness's reads would cost more than 2% of a core. */
export const MIN_WINDOW_INTERVAL_MS = 10;
/** The period of a row's first trial, before its window's length is known. */
export const FIRST_WINDOW_INTERVAL_MS = 25;

/**
 * The sampling period inside a trial's work window: the row's last window over WINDOW_SAMPLES,
 * between MIN_WINDOW_INTERVAL_MS and the row's own period; 0 when sampling is off.
 */
export function windowSampleInterval(rowIntervalMs: number, lastWorkSeconds: number | null): number {
  if (rowIntervalMs <= 0) return 0;
  const wanted = lastWorkSeconds === null || lastWorkSeconds <= 0 ? FIRST_WINDOW_INTERVAL_MS : (lastWorkSeconds * 1000) / WINDOW_SAMPLES;
  return Math.round(Math.min(rowIntervalMs, Math.max(MIN_WINDOW_INTERVAL_MS, wanted)));
}

/** What a scenario's run reports to the bench around its trials. */
export interface RunHooks {
  /** Called with the scenario as it stands after every measured trial, so its results can be saved before the next. */
  readonly checkpoint?: (partial: ScenarioResult) => Promise<void>;
  /** Ends each running trial's group should the harness die. */
  readonly reaper?: Reaper;
}

/** Runs every row's trials, interleaved round by round, and summarises them. */
async function runRows(
  { ref, scenario }: ChosenScenario,
  plans: readonly RowPlan[],
  options: BenchOptions,
  sized: ScenarioOptions,
  method: TimeMethod,
  cores: number,
  interruption: Interruption,
  shown: ScenarioOptions,
  checkpoint: (rows: readonly Row[]) => Promise<void>,
  reaper: Reaper | undefined,
): Promise<{ rows: Row[]; unverified: string | undefined }> {
  const measure = async (
    command: readonly string[],
    plan: Pick<RowPlan, 'sampleIntervalMs' | 'uvThreadpoolSize'>,
    windowSampleIntervalMs = plan.sampleIntervalMs,
  ): Promise<ProcessMeasurement<TrialReport>> => {
    let spawned: number | undefined;
    try {
      return await measureProcess({
        command: [...command, '--report-ipc'],
        timeMethod: method,
        sampleIntervalMs: plan.sampleIntervalMs,
        windowSampleIntervalMs,
        readMessage: readTrialMessage,
        selfReportedCpu,
        timeoutSeconds: options.trialTimeoutSeconds,
        env: trialEnv(plan),
        onSpawn: (pid) => {
          spawned = pid;
          interruption.runningPid = pid;
          reaper?.guard(pid);
        },
      });
    } finally {
      if (spawned !== undefined) reaper?.release(spawned); // measureProcess has ended the group by now
    }
  };
  /**
   * A trial that died without a report or last words is run once more, unmeasured, with its main
   * thread traced, to name the item it died at (out of heap, a signal): measured trials trace nothing.
   */
  const diagnosed = async (
    m: ProcessMeasurement<TrialReport>,
    command: readonly string[],
    plan: Pick<RowPlan, 'uvThreadpoolSize'>,
  ): Promise<Diagnosis | undefined> => {
    if (!wantsDiagnosis(m) || interruption.interrupted) return undefined;
    const diagnosis = await diagnose(command, (traced) => measure(traced, { ...plan, sampleIntervalMs: 0 }));
    interruption.runningPid = undefined;
    return interruption.interrupted ? undefined : diagnosis;
  };
  /** Why some rows have no reference to be verified against (the sequential run failed). */
  let unverified: string | undefined;
  /**
   * One trial of a row: its one process, or for the ceiling row its copies at once. The first
   * sound sequential trial of a flag combination becomes its reference when none was run apart.
   */
  const runTrial = async (plan: RowPlan, round: number, lastWorkSeconds: number | null): Promise<TrialRecord> => {
    const warmup = round < options.warmup;
    const windowInterval = windowSampleInterval(plan.sampleIntervalMs, lastWorkSeconds);
    if (plan.strategy !== INDEPENDENT) {
      const isReference = !references.has(referenceKey(plan)) && plan.strategy === 'sequential';
      const command = commands.get(plan.key) as string[];
      const m = await measure(command, plan, windowInterval);
      const diagnosis = await diagnosed(m, command, plan);
      if (isReference) {
        const failure = trialFailure(m, options.workerHeapMb, diagnosis);
        if (failure === null && m.report !== undefined) references.set(referenceKey(plan), m.report.digests);
        else unverified ??= `the sequential row of ${scenario.name} failed: ${failure ?? 'no report'}`;
      }
      return recordTrial(round, warmup, m, references.get(referenceKey(plan)), windowInterval, options.workerHeapMb, diagnosis);
    }
    const m = await measureCopies(
      copyCommands(ref, plan, sized, options).map((command) => [...command, '--report-ipc', '--start-barrier']),
      {
        timeMethod: method,
        sampleIntervalMs: plan.sampleIntervalMs,
        readMessage: readTrialMessage,
        selfReportedCpu,
        timeoutSeconds: options.trialTimeoutSeconds,
        env: trialEnv(plan),
        onSpawn: (pid) => {
          interruption.alsoRunning.add(pid);
          reaper?.guard(pid);
        },
      },
    );
    for (const pid of interruption.alsoRunning) reaper?.release(pid);
    interruption.alsoRunning.clear();
    return recordCopies(round, warmup, m, references.get(referenceKey(plan)));
  };

  // Outputs depend on swept scenario flags, so each combination has its own sequential reference,
  // except for flags that only arrange the work (`keepsOutputs`): their rows share one.
  const references = new Map<string, Reference>();
  const keeps = new Set((scenario.flags ?? []).filter((flag) => flag.keepsOutputs === true).map((flag) => flag.name));
  const referenceKey = (plan: RowPlan): string => JSON.stringify(Object.entries(plan.params).filter(([name]) => !keeps.has(name)));
  for (const plan of plans) {
    if (references.has(referenceKey(plan)) || plans.some((p) => p.strategy === 'sequential' && referenceKey(p) === referenceKey(plan))) continue;
    if (interruption.interrupted) break;
    const reference: RowPlan = { ...plan, key: 'reference', label: 'reference', strategy: 'sequential', workers: 1, concurrency: 1 };
    const command = trialCommand(ref, reference, { ...sized, incremental: false }, options);
    const m = await measure(command, { sampleIntervalMs: 0 });
    interruption.runningPid = undefined;
    const failure = trialFailure(m, options.workerHeapMb, await diagnosed(m, command, reference));
    if (failure === null && m.report !== undefined) references.set(referenceKey(plan), m.report.digests);
    else unverified ??= `the sequential reference run of ${scenario.name} failed: ${failure ?? 'no report'}`;
  }

  const trials = new Map<string, TrialRecord[]>(plans.map((plan) => [plan.key, []]));
  const commands = new Map(plans.map((plan) => [plan.key, trialCommand(ref, plan, sized, options)]));
  const rounds = options.warmup + options.iterations;
  const progress = new Progress(rounds * plans.length, scenario.name);
  /** The rows as they stand; a row with no measured trial yet is left out unless `all`. */
  const rowsSoFar = async (all: boolean): Promise<Row[]> => {
    const rows: Row[] = [];
    for (const plan of plans) {
      const list = trials.get(plan.key) as TrialRecord[];
      if (!all && list.filter((t) => !t.warmup).length === 0) continue;
      // The recorded command leaves out what a service supplied (a server's port, dead by now): run on its own, it starts its own.
      // A ceiling row records one copy's command: run it N times at once to see what it measured.
      const command = plan.strategy === INDEPENDENT ? (copyCommands(ref, plan, shown, options)[0] as string[]) : trialCommand(ref, plan, shown, options);
      rows.push(await finishRow(plan, command, list, cores));
    }
    return withCeilingShares(withSpeedups(rows));
  };
  try {
    for (let round = 0; round < rounds && !interruption.interrupted; round += 1) {
      for (const plan of roundOrder(plans, round)) {
        if (interruption.interrupted) break;
        const list = trials.get(plan.key) as TrialRecord[];
        progress.tick(`${plan.label}, round ${round + 1}/${rounds}`);
        if (list.some((t) => t.problem !== null)) continue; // a failed row is not run again
        const record = await runTrial(plan, round, list.at(-1)?.workSeconds ?? null);
        interruption.runningPid = undefined;
        if (interruption.interrupted) break;
        list.push(record);
        if (!record.warmup) await checkpoint(await rowsSoFar(false));
      }
    }
  } finally {
    progress.stop();
  }

  return { rows: await rowsSoFar(!interruption.interrupted), unverified };
}
