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
import type { Row, ScenarioResult, TrialRecord } from '../results/records.js';
import { roundOrder, type RowPlan } from './rows.js';
import { finishRow, withCeilingShares, withSpeedups } from './summarise.js';
import { recordTrial, trialCommand, trialEnv } from './trial-command.js';
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
): Promise<ScenarioResult> {
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
    const rows = await runRows({ ref, scenario }, plans, options, sized, method, cores, interruption, shown);
    stopped = true;
    const facts = { ...setupFacts, ...(await stopService(service)), ...uvThreadpoolFact(options) };
    const { name, summary } = scenario.describe?.(scenarioOptions.params) ?? scenario;
    return {
      scenario: name,
      summary,
      items,
      facts,
      rows,
      notes: scenarioNotes(rows, facts),
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

/** Runs every row's trials, interleaved round by round, and summarises them. */
async function runRows(
  { ref, scenario }: ChosenScenario,
  plans: readonly RowPlan[],
  options: BenchOptions,
  sized: ScenarioOptions,
  method: TimeMethod,
  cores: number,
  interruption: Interruption,
  shown: ScenarioOptions = sized,
): Promise<Row[]> {
  const measure = (command: readonly string[], plan: Pick<RowPlan, 'sampleIntervalMs' | 'uvThreadpoolSize'>): Promise<ProcessMeasurement> =>
    measureProcess({
      command: [...command, '--report-ipc'],
      timeMethod: method,
      sampleIntervalMs: plan.sampleIntervalMs,
      timeoutSeconds: options.trialTimeoutSeconds,
      env: trialEnv(plan),
      onSpawn: (pid) => (interruption.runningPid = pid),
    });
  /**
   * One trial of a row: its one process, or for the ceiling row its copies at once. The first
   * sound sequential trial of a flag combination becomes its reference when none was run apart.
   */
  const runTrial = async (plan: RowPlan, round: number): Promise<TrialRecord> => {
    const warmup = round < options.warmup;
    if (plan.strategy !== INDEPENDENT) {
      const isReference = !references.has(referenceKey(plan)) && plan.strategy === 'sequential';
      const m = await measure(commands.get(plan.key) as string[], plan);
      if (isReference && m.report?.status === 'ok' && m.exitCode === 0) references.set(referenceKey(plan), m.report.digests);
      return recordTrial(round, warmup, m, references.get(referenceKey(plan)));
    }
    const m = await measureCopies(
      copyCommands(ref, plan, sized, options).map((command) => [...command, '--report-ipc', '--start-barrier']),
      {
        timeMethod: method,
        sampleIntervalMs: plan.sampleIntervalMs,
        timeoutSeconds: options.trialTimeoutSeconds,
        env: trialEnv(plan),
        onSpawn: (pid) => interruption.alsoRunning.add(pid),
      },
    );
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
    const reference: RowPlan = { ...plan, key: 'reference', label: 'reference', strategy: 'sequential', workers: 1, concurrency: 1 };
    const m = await measure(trialCommand(ref, reference, { ...sized, incremental: false }, options), { sampleIntervalMs: 0 });
    if (m.report?.status !== 'ok') throw new Error(`the sequential reference run of ${scenario.name} failed: ${m.report?.error ?? m.stderrTail}`);
    references.set(referenceKey(plan), m.report.digests);
  }

  const trials = new Map<string, TrialRecord[]>(plans.map((plan) => [plan.key, []]));
  const commands = new Map(plans.map((plan) => [plan.key, trialCommand(ref, plan, sized, options)]));
  const rounds = options.warmup + options.iterations;
  const progress = new Progress(rounds * plans.length, scenario.name);
  try {
    for (let round = 0; round < rounds && !interruption.interrupted; round += 1) {
      for (const plan of roundOrder(plans, round)) {
        if (interruption.interrupted) break;
        const list = trials.get(plan.key) as TrialRecord[];
        progress.tick(`${plan.label}, round ${round + 1}/${rounds}`);
        if (list.some((t) => t.problem !== null)) continue; // a failed row is not run again
        const record = await runTrial(plan, round);
        interruption.runningPid = undefined;
        if (interruption.interrupted) break;
        list.push(record);
      }
    }
  } finally {
    progress.stop();
  }

  const rows: Row[] = [];
  for (const plan of plans) {
    const list = trials.get(plan.key) as TrialRecord[];
    if (interruption.interrupted && list.filter((t) => !t.warmup).length === 0) continue;
    // The recorded command leaves out what a service supplied (a server's port, dead by now): run on its own, it starts its own.
    // A ceiling row records one copy's command: run it N times at once to see what it measured.
    const command = plan.strategy === INDEPENDENT ? (copyCommands(ref, plan, shown, options)[0] as string[]) : trialCommand(ref, plan, shown, options);
    rows.push(await finishRow(plan, command, list, cores));
  }
  return withCeilingShares(withSpeedups(rows));
}
