/** One scenario at one size: its setup and service, then every row's trials, summarised. */
import { resolve } from 'node:path';
import type { Scenario, ScenarioOptions, ScenarioService } from '../../scenarios/scenario.js';
import { SEQUENTIAL } from '../../strategies/sequential.js';
import { paramsAsFlags } from '../../scenarios/support/flags.js';
import type { TimeMethod } from '../measure/child-times.js';
import { measuredTrials } from '../results/counted-trials.js';
import type { Row, RowPlan, ScenarioResult, TrialRecord } from '../results/records.js';
import type { Interruption } from './interruption.js';
import { realLab, type Lab, type TrialGuard, type TrialRun } from './lab.js';
import { Progress } from './progress.js';
import { runRounds, type RoundCounts, type ScheduledRow } from './rounds.js';
import { rowKindOf, withWhatKindsGive } from './row-kinds/registry.js';
import { finishRow, withSpeedups } from './summarise.js';
import { trialCommand, type TrialLimits } from './trial-command.js';
import { RUNTIME_SETTINGS, sweptValues, type RuntimeSettingSweeps } from '../settings/registry.js';

/** What a scenario's run needs from the bench options: a narrow slice, validated by the CLI. */
export interface ScenarioRunSettings extends RoundCounts, TrialLimits, RuntimeSettingSweeps {
  /** A folder of the user's own inputs; undefined for generated ones. */
  readonly input: string | undefined;
  readonly incremental: boolean;
  readonly cacheDir: string;
  /** The chunk size the scenario's setup and references use (a row's own goes in its command). */
  readonly chunkSize: number;
  /** The scenario's flag values (given or default), already checked. */
  readonly params: Readonly<Record<string, string>>;
  readonly trialTimeoutSeconds: number;
  /** Cores of other processes' CPU above which a row is warned about (`--foreign-load-warn`). */
  readonly foreignLoadWarnCores?: number | undefined;
}

/** A scenario, how a trial command names it (its registry name, or its module's absolute path), and its flag values as checked. */
export interface ChosenScenario {
  readonly ref: string;
  readonly scenario: Scenario<unknown>;
  readonly params: Readonly<Record<string, string>>;
}

/** What a scenario's run reports to the bench around its trials. */
export interface RunHooks {
  /** Called with the scenario as it stands after every measured trial, so its results can be saved before the next. */
  readonly checkpoint?: (partial: ScenarioResult) => Promise<void>;
  /** Ends each running trial's group should the harness die. */
  readonly guard?: TrialGuard;
  /** Where the trials run: the operating system itself unless a test scripts a lab. */
  readonly lab?: Lab;
  /** The instruments that read in the harness around each trial (the default set's and those asked for). */
  readonly harnessProbes?: TrialRun['harnessProbes'];
}

/** Runs one scenario at one size: its setup and service, then every row's trials. */
export async function runScenario(
  { ref, scenario }: ChosenScenario,
  requestedItems: number,
  plans: readonly RowPlan[],
  settings: ScenarioRunSettings,
  method: TimeMethod,
  cores: number,
  interruption: Interruption,
  hooks: RunHooks = {},
): Promise<ScenarioResult> {
  const scenarioOptions: ScenarioOptions = {
    items: requestedItems,
    input: settings.input === undefined ? undefined : resolve(settings.input),
    incremental: settings.incremental,
    chunkSize: settings.chunkSize,
    cacheDir: resolve(settings.cacheDir),
    rowKey: 'reference',
    params: settings.params,
  };
  const setupFacts = await scenario.setup(scenarioOptions);
  const items = typeof setupFacts['items'] === 'number' ? setupFacts['items'] : scenarioOptions.items;
  const service = await scenario.service?.({ ...scenarioOptions, items });
  let stopped = false;
  try {
    // Each row's command is built once: what the results record and a user can `time`. It leaves
    // out what the service supplies (a server's port, dead after the run; run on its own, the trial
    // starts its own); the harness adds those flags when it spawns the trial.
    const supplied = service?.params ?? {};
    const own = Object.fromEntries(Object.entries(scenarioOptions.params).filter(([name]) => !(name in supplied)));
    const sized = { ...scenarioOptions, items, params: own };
    // A row of the harness's own kind is scheduled as its kind says (the ceiling: its copies).
    const scheduled: ScheduledRow[] = plans.map(
      (plan) => rowKindOf(plan)?.schedule(ref, plan, sized, settings) ?? { plan, command: trialCommand(ref, plan, sized, settings) },
    );
    const { name, summary } = scenario.describe?.(settings.params) ?? scenario;
    /** The rows as they stand; a row with no measured trial yet is left out unless `all`. */
    const rowsSoFar = async (trials: ReadonlyMap<string, readonly TrialRecord[]>, all: boolean): Promise<Row[]> => {
      const rows: Row[] = [];
      for (const { plan, command } of scheduled) {
        const list = trials.get(plan.key) ?? [];
        if (!all && measuredTrials({ trials: list }).length === 0) continue;
        rows.push(await finishRow(plan, command, list, cores, rowKindOf(plan)));
      }
      return withWhatKindsGive(withSpeedups(rows));
    };
    const checkpoint = hooks.checkpoint;
    const progress = new Progress((settings.warmup + settings.iterations) * plans.length, scenario.name);
    const { trials, unverified } = await runRounds(
      scheduled,
      {
        scenario: scenario.name,
        // Flags that only arrange the work keep the outputs: rows that differ only in them share one reference.
        sharedBy: new Set((scenario.flags ?? []).filter((flag) => flag.keepsOutputs === true).map((flag) => flag.name)),
        command: (plan) =>
          trialCommand(ref, { ...plan, key: 'reference', label: 'reference', strategy: SEQUENTIAL, workers: 1, concurrency: 1 }, { ...sized, incremental: false }, settings),
      },
      settings,
      (hooks.lab ?? realLab).measureTrials({
        method,
        timeoutSeconds: settings.trialTimeoutSeconds,
        interruption,
        serviceFlags: paramsAsFlags(supplied),
        guard: hooks.guard,
        ...(hooks.harnessProbes === undefined ? {} : { harnessProbes: hooks.harnessProbes }),
      }),
      {
        interrupted: () => interruption.interrupted,
        onTrial: (what) => progress.tick(what),
        ...(checkpoint === undefined
          ? {}
          : { onMeasured: async (sofar) => checkpoint({ scenario: name, summary, items, facts: setupFacts, rows: await rowsSoFar(sofar, false) }) }),
      },
    ).finally(() => progress.stop());

    const rows = await rowsSoFar(trials, !interruption.interrupted);
    stopped = true;
    const facts = { ...setupFacts, ...(await stopService(service)), ...settingFacts(settings) };
    return {
      scenario: name,
      summary,
      items,
      facts,
      rows,
      ...(unverified === undefined ? {} : { unverified }),
      ...(scenario.focus === undefined ? {} : { focus: scenario.focus }),
      ...(scenario.scalesWithItems === false ? { scalesWithItems: false } : {}),
    };
  } finally {
    if (!stopped) await stopService(service); // a failed run must not leave the service running
  }
}

/** With a runtime setting swept, its value is the rows' (each row's label and JSON say which), not the harness's: one fact each. */
function settingFacts(sweeps: RuntimeSettingSweeps): Record<string, string> {
  return Object.fromEntries(
    RUNTIME_SETTINGS.flatMap((setting) => {
      const values = sweptValues(sweeps, setting);
      return values.length === 0 ? [] : [[setting.field, `${values.join(', ')} (${setting.flag}, ${setting.setPerRow})`]];
    }),
  );
}

/** Stops a scenario's service and prefixes what it reports with `service.`. */
async function stopService(service: ScenarioService | undefined): Promise<Record<string, string | number | boolean>> {
  if (service === undefined) return {};
  const facts = await service.stop();
  return Object.fromEntries(Object.entries(facts).map(([name, value]) => [`service.${name}`, value]));
}
