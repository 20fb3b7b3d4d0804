/** Row-by-row comparison of two runs: rows paired by name, each tested (see verdicts.ts), notes on what was not. */
import { geometricMean, median } from 'simple-statistics';
import { SEQUENTIAL } from '../../strategies/sequential.js';
import type { Correction } from '../statistics/multiple-comparisons.js';
import { type Context, usableCores } from '../measure/context.js';
import type { Row, RunResults, ScenarioResult, TrialRecord } from '../results/records.js';
import { countedTrials } from '../results/counted-trials.js';
import { foreignLoadOf } from '../instruments/foreign-load.js';
import { isSequentialRow, itemRepeats } from '../results/row-kinds.js';
import { sameSettings } from '../results/row-settings.js';
import { RUNTIME_SETTINGS } from '../settings/registry.js';
import { workloadDifferences } from '../results/workload.js';
import { CALLED, testRows, untestedNotes, type RowComparison, type RowSamples } from './verdicts.js';

export type { RowComparison, SampleSummary, Verdict } from './verdicts.js';

/** The quantity compared per trial. */
export type CompareMetric = 'real' | 'work' | 'cpu';

/** `compare`'s options, validated by the CLI. */
export interface CompareOptions {
  /** A regression must be worse than this, as a fraction (0.05 = 5%). */
  readonly threshold: number;
  /** Compare speedups over each file's own sequential row instead of absolute times (different machines). */
  readonly crossMachine: boolean;
  readonly metric: CompareMetric;
  /** The error rate of the whole comparison, as the correction bounds it. */
  readonly alpha: number;
  /** How the rows' p-values are adjusted for one another: holm, bh or none. */
  readonly correction: Correction;
  /** A gate: rows that could have missed a regression beyond the threshold are undecided, not "~". */
  readonly failOnRegression: boolean;
  /**
   * Trials during which other processes kept more than this many cores busy are set aside: the
   * load fell on one side's run and would read as a change (undefined: every trial counts).
   */
  readonly maxForeignLoad?: number;
}

/** Everything `compare` found. */
export interface Comparison {
  /** `time`: absolute times, smaller is better; `speedup`: speedups over sequential, larger is better. */
  readonly mode: 'time' | 'speedup';
  readonly metric: CompareMetric;
  readonly options: CompareOptions;
  readonly rows: readonly RowComparison[];
  readonly onlyInBase: readonly string[];
  readonly onlyInHead: readonly string[];
  /** Rows of one name in both files that measured different workloads (another task module or inputs): unmatched, not compared. */
  readonly unmatched: readonly string[];
  /** Plain-word remarks: failed rows, rows that could not be tested, parameters that differ. */
  readonly notes: readonly string[];
  /** What one value of a row's sample is: a trial, or a run where a side pooled several (optional for hand-built comparisons). */
  readonly unit?: 'trial' | 'run';
}

/** The context fields that make two files "the same machine". */
const MACHINE_FIELDS = ['machine', 'cpuModel', 'cores', 'arch', 'os'] as const;

/** How two contexts differ as machines, one line per field; empty when they are the same machine. */
export function machineDifferences(base: Context, head: Context): string[] {
  const fields = MACHINE_FIELDS.filter((field) => base[field] !== head[field]).map((field) => `${field}: ${String(base[field])} vs ${String(head[field])}`);
  // Older files lack the affinity: only two recorded ones can differ.
  const pinned = base.affinity !== undefined && head.affinity !== undefined && base.affinity !== head.affinity;
  const allowed = pinned ? [`CPUs allowed: ${base.affinity ?? ''} vs ${head.affinity ?? ''}`] : [];
  // A quota matters only where it leaves fewer CPUs than the cores; a file with none recorded may be
  // older, or from a machine without one: either way its cores were all it could use.
  const quota = (c: Context): string => (c.cpuQuota === undefined ? 'none recorded' : `${c.cpuQuota.toFixed(2)} CPUs`);
  const limited = (c: Context): boolean => usableCores(c) < c.cores;
  const quotas = (limited(base) || limited(head)) && usableCores(base) !== usableCores(head) ? [`CPU quota: ${quota(base)} vs ${quota(head)}`] : [];
  return [...fields, ...allowed, ...quotas];
}

function pick(metric: CompareMetric, trial: TrialRecord): number | null {
  if (metric === 'real') return trial.realSeconds;
  if (metric === 'work') return trial.workSeconds;
  return trial.userSeconds + trial.sysSeconds;
}

/** Whether a trial ran while other processes took more than `limit` cores (unknown load counts as quiet). */
const loaded = (trial: TrialRecord, limit: number | undefined): boolean => {
  const cores = foreignLoadOf(trial);
  return limit !== undefined && cores !== null && cores > limit;
};

/**
 * The values a row is tested on. From one run, one per trial. From several pooled runs, one per run:
 * the geometric mean of its trials. Trials of one run share the machine's state while it ran (a
 * neighbour's load, the host's clock, caches), so they move together: taken as independent values
 * they make a run's drift read as a change (in the calibration, five of 17 rows of one A/A block,
 * by 15-22%). The alternating runs are what was randomised, so they are the unit.
 */
function valuesOf(row: Row, metric: CompareMetric, limit?: number): number[] {
  const kept = countedTrials(row).filter((t) => !loaded(t, limit)).flatMap((t) => {
    const value = pick(metric, t);
    return value === null ? [] : [{ run: t.pooledRun ?? 0, value }];
  });
  const runs = new Map<number, number[]>();
  for (const { run, value } of kept) runs.set(run, [...(runs.get(run) ?? []), value]);
  if (runs.size < 2) return kept.map((k) => k.value);
  return [...runs.values()].map((values) => (values.every((v) => v > 0) ? geometricMean(values) : Number.NaN));
}

/** How many of a row's counted trials ran under foreign load beyond `limit`. */
const loadedTrials = (row: Row, limit: number | undefined): number => countedTrials(row).filter((t) => loaded(t, limit)).length;

interface Entry {
  readonly name: string;
  readonly row: Row;
  readonly result: ScenarioResult;
}

/**
 * Rows by the name they are paired on: scenario, size, chunk size and row key; across machines a
 * strategy with one row per file is paired by strategy, as pools are sized to each machine's cores.
 */
function entries(results: RunResults, other: RunResults, byStrategy: boolean): Map<string, Entry> {
  const map = new Map<string, Entry>();
  const single = (r: RunResults, result: ScenarioResult, strategy: string): boolean => {
    const twin = r.scenarios.find((s) => s.scenario === result.scenario && s.items === result.items);
    return twin !== undefined && twin.rows.filter((row) => row.strategy === strategy).length === 1;
  };
  for (const result of results.scenarios) {
    for (const row of result.rows) {
      const loose = byStrategy && single(results, result, row.strategy) && single(other, result, row.strategy);
      const approach = loose ? row.strategy : row.label;
      const chunk = row.chunkSize === 1 ? '' : `, chunk ${row.chunkSize}`;
      map.set(`${result.scenario} (${result.items} items${chunk}) ${approach}`, { name: `${result.scenario} (${result.items} items${chunk}) ${approach}`, row, result });
    }
  }
  return map;
}

/** Per-trial speedups of a row over its scenario's sequential median: sequential median / trial value. */
function speedups(entry: Entry, metric: CompareMetric, limit?: number): number[] | undefined {
  // The sequential row run the same way (every runtime setting, sampling, flags), else any.
  const sequentials = entry.result.rows.filter((row) => isSequentialRow(row) && row.state === 'completed');
  const sequential = sequentials.find((row) => sameSettings(row, entry.row)) ?? sequentials[0];
  if (sequential === undefined) return undefined;
  const quiet = valuesOf(sequential, metric, limit);
  const baseline = median(quiet.length > 0 ? quiet : valuesOf(sequential, metric));
  return valuesOf(entry.row, metric, limit).filter((v) => v > 0).map((v) => baseline / v);
}

/** Pairs the rows of two runs and tests each pair; the caller checks the machines first. */
export function compareRuns(base: RunResults, head: RunResults, options: CompareOptions): Comparison {
  const mode = options.crossMachine ? 'speedup' : 'time';
  const baseRows = entries(base, head, options.crossMachine);
  const headRows = entries(head, base, options.crossMachine);
  const pairs: RowSamples[] = [];
  const notes: string[] = [];
  /** Rows with trials set aside for foreign load, with how many on each side. */
  const loadedRows: string[] = [];
  /** Scenarios whose workloads differ, by how a person names them: what differs and the rows left unmatched. */
  const otherWorkloads = new Map<string, { readonly differences: readonly string[]; readonly rows: string[] }>();
  for (const [name, b] of baseRows) {
    const h = headRows.get(name);
    if (h === undefined) continue;
    const differences = workloadDifferences(b.result, h.result);
    if (differences.length > 0) {
      const scenario = `${b.result.scenario} (${b.result.items} items)`;
      const entry = otherWorkloads.get(scenario) ?? { differences, rows: [] as string[] };
      entry.rows.push(name);
      otherWorkloads.set(scenario, entry);
      continue;
    }
    if (b.row.state === 'failed' || h.row.state === 'failed') {
      const why = b.row.state === 'failed' ? b.row.failure : h.row.state === 'failed' ? h.row.failure : '';
      notes.push(`${name}: failed in ${b.row.state === 'failed' ? 'base' : 'head'}${b.row.state === h.row.state ? ' and head' : ''} (${why}), not compared.`);
      continue;
    }
    if (itemRepeats(b.row) !== itemRepeats(h.row)) {
      notes.push(`${name}: its copies ran all the items each in ${itemRepeats(b.row) > 1 ? 'base' : 'head'} (written before they split them) and their shares in the other, not compared.`);
      continue;
    }
    if (mode === 'speedup' && isSequentialRow(b.row)) continue; // 1 by definition on both sides
    const limit = options.maxForeignLoad;
    const baseValues = mode === 'speedup' ? speedups(b, options.metric, limit) : valuesOf(b.row, options.metric, limit);
    const headValues = mode === 'speedup' ? speedups(h, options.metric, limit) : valuesOf(h.row, options.metric, limit);
    const setAside = [loadedTrials(b.row, limit), loadedTrials(h.row, limit)] as const;
    if (setAside[0] + setAside[1] > 0) loadedRows.push(`${name} (${setAside[0]} of ${countedTrials(b.row).length} in base, ${setAside[1]} of ${countedTrials(h.row).length} in head)`);
    if (baseValues === undefined || headValues === undefined) {
      notes.push(`${name}: no sequential row to compute speedups from, not compared.`);
      continue;
    }
    if (baseValues.length === 0 || headValues.length === 0) {
      notes.push(`${name}: no ${options.metric} samples${setAside[0] + setAside[1] > 0 ? ' left' : ''} in ${baseValues.length === 0 ? 'base' : 'head'}, not compared.`);
      continue;
    }
    pairs.push({ name, base: baseValues, head: headValues });
  }
  const rows = testRows(pairs, { mode, alpha: options.alpha, correction: options.correction, threshold: options.threshold, failOnRegression: options.failOnRegression });
  if (loadedRows.length > 0) {
    notes.push(
      `Trials set aside because other processes kept more than ${String(options.maxForeignLoad)} cores busy while they ran (--max-foreign-load): ${loadedRows.join('; ')}. ` +
        "Such load falls on one side's run, not on the code, and would read as a change; the rows were tested on their other trials.",
    );
  }
  const runsOf = (r: RunResults): number => new Set(r.scenarios.flatMap((s) => s.rows.flatMap((row) => row.trials.map((t) => t.pooledRun ?? 0)))).size;
  const unit = runsOf(base) > 1 || runsOf(head) > 1 ? 'run' : 'trial';
  if (unit === 'run') {
    notes.push(
      `Each side pooled runs (base ${runsOf(base)}, head ${runsOf(head)}): each run is one value in the test, the geometric mean of its trials, and n counts runs. ` +
        "Trials of one run share the machine's state while it ran and move together; the alternating runs are the unit.",
    );
  }
  notes.push(...untestedNotes(rows));
  for (const [scenario, { differences, rows: names }] of otherWorkloads) {
    notes.push(
      `${scenario}: base and head measured different workloads (${differences.join('; ')}), so its rows of the same names were not paired: ` +
        `${names.join(', ')} unmatched, not compared. Compare runs of the same task module, export and inputs.`,
    );
  }
  const sequential = rows.find((row) => row.name.endsWith(` ${SEQUENTIAL}`) && CALLED.has(row.verdict));
  if (sequential !== undefined && mode === 'time') {
    notes.push(
      `${sequential.name} changed too (${(((sequential.test?.ratio ?? 1) - 1) * 100).toFixed(1)}%): if the code it runs did not change, the machine's load did between the runs. ` +
        'Alternate short runs of base and head and pass each side as comma-separated files, whose trials are pooled.',
    );
  }
  // Runtime settings given with one value do not show in row names, so a difference shows only here.
  const settings = (r: RunResults): string =>
    JSON.stringify({
      mode: r.parameters['mode'],
      incremental: r.parameters['incremental'],
      ...Object.fromEntries(RUNTIME_SETTINGS.map((setting) => [setting.sweepField, r.parameters[setting.sweepField]])),
      // --explain's readings cost a trial a few percent of its time: a run with them against one without is not like for like.
      explain: r.parameters['explain'],
    });
  if (settings(base) !== settings(head)) notes.push(`The runs' settings differ (base ${settings(base)}, head ${settings(head)}).`);
  return {
    mode,
    metric: options.metric,
    options,
    rows,
    onlyInBase: [...baseRows.keys()].filter((name) => !headRows.has(name)),
    onlyInHead: [...headRows.keys()].filter((name) => !baseRows.has(name)),
    unmatched: [...otherWorkloads.values()].flatMap((entry) => entry.rows),
    notes,
    unit,
  };
}

/** Rows whose change is significant, in the bad direction, and beyond the threshold. */
export function regressions(comparison: Comparison): RowComparison[] {
  return comparison.rows.filter((row) => row.verdict === 'regression');
}

/** Rows a gate could not check: undecided (they could have missed a regression beyond the threshold) or untested. */
export function uncheckedRows(comparison: Comparison): RowComparison[] {
  return comparison.options.failOnRegression ? comparison.rows.filter((row) => row.verdict === 'undecided' || row.verdict === 'untested') : [];
}
