/** The contract between the harness and a scenario: its options, flags, facts, service and stages. */
import type { Executor, Outcome, TaskRef } from '../strategies/executor.js';

/**
 * Most items one trial may run (`--items`, and the inputs `--inputs` gives a task): every item's
 * input, outcome and output digest stay in memory (a million faults items peak near 1.5 GB), so a
 * larger count would end in a heap crash.
 */
export const MAX_ITEMS = 1_000_000;

/** Options every scenario understands, after the CLI has validated them. */
export interface ScenarioOptions {
  /** Number of items (images) to process. */
  readonly items: number;
  /**
   * The first item of this trial within the run's items (`--first-item`; default 0): the trial runs
   * items firstItem .. firstItem + items - 1. The `independent` row splits the row's items over its
   * copies this way, so a scenario with `hasCeiling` must honour it: item i of the trial must be
   * what item firstItem + i of a trial from 0 would be, with the same output.
   */
  readonly firstItem?: number;
  /** A folder of the user's own inputs instead of generated ones. */
  readonly input: string | undefined;
  /** Skip outputs newer than their source (document 000's mtime check). */
  readonly incremental: boolean;
  /** Items per message to a pool worker. */
  readonly chunkSize: number;
  /** Folder for cached generated inputs and incremental outputs. */
  readonly cacheDir: string;
  /** A label unique to the row, so incremental outputs of different rows never mix; one file name (no separator, no `..`), safe to join to a folder. */
  readonly rowKey: string;
  /** The scenario's own flags (see `Scenario.flags`), by name, each with its value or default. */
  readonly params: Readonly<Record<string, string>>;
}

/** A flag a scenario adds to `bench` and `trial`, such as `--latency-ms 50`. */
export interface ScenarioFlag {
  /** The flag without its dashes, e.g. `latency-ms`. */
  readonly name: string;
  readonly description: string;
  readonly defaultValue: string;
  /** Says what is wrong with a value, or returns undefined when it is fine. */
  readonly check?: (value: string) => string | undefined;
  /** True when `bench` may take a comma-separated list and run one row per value. */
  readonly sweep?: boolean;
  /**
   * True when the flag changes how the work is arranged, not what it produces: rows that differ
   * only in it share one sequential reference run for verifying outputs.
   */
  readonly keepsOutputs?: boolean;
}

/** Default item counts for a scenario: normal, `--quick` and `--full`. */
export interface ItemDefaults {
  readonly normal: number;
  readonly quick: number;
  readonly full: number;
}

/** What a trial learnt about one item after the work window: its content hash, or null if it failed. */
export type ItemDigest = string | null;

/** Columns of the results table a scenario can name as what matters most for it (see `Scenario.focus`). */
export type FocusColumn = 'start-up' | 'work' | 'per-item' | 'peak-rss' | 'work-speedup' | 'efficiency';

/** An item that ran but whose output `digest` could not hash (the trial reports it as a failed item). */
export interface DigestFailure {
  readonly item: number;
  /** Machine-readable reason, e.g. `NOT_CLONABLE`. */
  readonly code: string;
  /** Why, for a person: the item number is added by the harness. */
  readonly message: string;
}

/** Facts recorded with results because they change a scenario's outcome (versions, pool sizes). */
export type ScenarioFacts = Readonly<Record<string, string | number | boolean>>;

/** How the trial's pool is sized, for scenarios whose bound or timeline depends on it. */
export interface RunShape {
  readonly strategy: string;
  /** The strategy's definition says it runs a pool of workers (threads or processes). */
  readonly usesWorkers: boolean;
  /** The strategy's definition says it takes a limit on items in flight in one process (promise). */
  readonly usesConcurrency: boolean;
  readonly workers: number;
  readonly concurrency: number;
  /** Cores this process may use (`os.availableParallelism()`). */
  readonly cores: number;
}

/** What `run` gets besides the trial's own executor: the row's shape, and more executors like it. */
export interface RunContext {
  readonly shape: RunShape;
  /**
   * A new, unstarted executor of the row's strategy and sizes, for scenarios whose arrangement
   * creates pools of its own; whoever calls it must start it and shut it down.
   */
  createExecutor(): Executor;
}

/** One execution of one stage on one lane (a worker, or the main thread), in seconds from the work window's start. */
export interface StageEvent {
  readonly stage: string;
  readonly item: number;
  readonly lane: string;
  /** When it began, in seconds from the work window's start (unit-less name: results files store it so). */
  readonly start: number;
  /** When it ended, in seconds from the work window's start. */
  readonly end: number;
}

/** A process a scenario needs beside its trials (a server), run by the harness so its CPU is not the trial's. */
export interface ScenarioService {
  /** Flag values every trial gets, e.g. `{ 'base-url': 'http://127.0.0.1:4321' }` (flags the scenario declares). */
  readonly params: Readonly<Record<string, string>>;
  /** Stops the service; what it returns is recorded with the scenario's facts (its own CPU, say). */
  stop(): Promise<ScenarioFacts>;
}

/**
 * A workload written against the Executor only. `prepare` runs outside the timed part,
 * `run` is the work window, and `digest` proves the outputs identical across strategies.
 *
 * To add a scenario: write `scenarios/<name>.ts` exporting a `Scenario` and add one line
 * to `scenarios/registry.ts`, or load one by path with `--scenario ./my-scenario.js`.
 */
export interface Scenario<Prepared = unknown> {
  readonly name: string;
  readonly summary: string;
  readonly items: ItemDefaults;
  /** True for a scenario that checks behaviour rather than speed (faults): `--scenario all` leaves it out. */
  readonly diagnostic?: boolean;
  /** True for a scenario that runs only when named, because it needs flags of its own (`task`): `--scenario all` leaves it out. */
  readonly standalone?: boolean;
  /**
   * True when N sequential processes, each running its share of the items, are a meaningful
   * ceiling for N workers (CPU-bound work that each process does on its own); the `independent`
   * row runs only for these. Such a scenario must honour `ScenarioOptions.firstItem`.
   */
  readonly hasCeiling?: boolean;
  /** Flags of this scenario alone; their values reach it in `ScenarioOptions.params`. */
  readonly flags?: readonly ScenarioFlag[];
  /** Facts about the software it runs on that belong in the run's context, e.g. `{ sharp: '0.34.5' }`; read once per run. */
  contextFacts?(): Readonly<Record<string, string>>;
  /**
   * What matters most for this scenario beyond real, user, sys, CPU util and speedup: the compact
   * terminal table shows these columns too. Default: the work-window speedup.
   */
  readonly focus?: readonly FocusColumn[];
  /** False when the items are not a size to scale (api's nine reports are the workflow's shape): no projection to more items. Default true. */
  readonly scalesWithItems?: boolean;
  /**
   * Checks flag values that need the file system or an import (a module, an inputs file), once in
   * the harness before anything is measured; throws an error with code BAD_INPUT (a usage error).
   */
  check?(params: Readonly<Record<string, string>>): Promise<void>;
  /**
   * The name and summary results carry, when they depend on the flags: `task` is named after the
   * user's function, so compare and merge pair runs of the same function. Default `name` and `summary`.
   */
  describe?(params: Readonly<Record<string, string>>): { readonly name: string; readonly summary: string };
  /** Runs once in the harness before any trial, e.g. to generate and cache inputs. */
  setup(options: ScenarioOptions): Promise<ScenarioFacts>;
  /** Starts a service in its own process before the trials; the harness stops it after them. */
  service?(options: ScenarioOptions): Promise<ScenarioService>;
  /** Runs in each trial before the pool starts; not timed as work. */
  prepare(options: ScenarioOptions): Promise<Prepared>;
  /**
   * The tasks its work window runs: the executor imports their modules as it starts (in every
   * worker, or on the trial's thread), so that import is start-up for every strategy alike and
   * no strategy's first items pay for it inside the work window.
   */
  tasks?(options: ScenarioOptions): readonly TaskRef[];
  /** The work window: everything the strategy is compared on. */
  run(executor: Executor, prepared: Prepared, options: ScenarioOptions, context: RunContext): Promise<Outcome[]>;
  /** After the work window: one content hash per item, read back from what was produced. */
  digest(prepared: Prepared, outcomes: readonly Outcome[]): Promise<ItemDigest[]>;
  /** After `digest`: items that ran but whose outputs it could not hash, with why; they count as failed items. */
  digestFailures?(prepared: Prepared): readonly DigestFailure[];
  /** Counts worth reporting per trial, e.g. `{ skipped: 12 }` for incremental runs. */
  counters(outcomes: readonly Outcome[], prepared: Prepared): Readonly<Record<string, number>>;
  /**
   * A lower bound on the work window's seconds that a perfect strategy of this shape could reach;
   * the table then shows efficiency = bound / measured work.
   */
  bound?(prepared: Prepared, outcomes: readonly Outcome[], shape: RunShape): number | undefined;
  /** Stage executions recorded during the work window, for timelines. */
  events?(prepared: Prepared, outcomes: readonly Outcome[]): readonly StageEvent[];
  /** Facts seen inside the trial process (e.g. sharp's concurrency there). */
  facts(prepared: Prepared): Promise<ScenarioFacts>;
  /** Removes what the trial wrote, unless it must persist (incremental outputs). */
  cleanup(prepared: Prepared): Promise<void>;
}
