/** Row-by-row comparison of two runs: ratio of medians with its interval, Mann-Whitney U, the verdict. */
import { median, sampleStandardDeviation } from 'simple-statistics';
import { mannWhitney, smallestP, type MannWhitney } from '../statistics/mann-whitney.js';
import { ratioOfMedians, type RatioInterval } from '../statistics/ratio-interval.js';
import { type Context, usableCores } from '../measure/context.js';
import type { Row, RunResults, ScenarioResult, TrialRecord } from '../results/records.js';
import { countedTrials } from '../results/counted-trials.js';
import { itemRepeats } from '../results/row-kinds.js';
import { sameSettings } from '../results/row-settings.js';
import { workloadDifferences } from '../results/workload.js';

/** The quantity compared per trial. */
export type CompareMetric = 'real' | 'work' | 'cpu';

/** `compare`'s options, validated by the CLI. */
export interface CompareOptions {
  /** A regression must be worse than this, as a fraction (0.05 = 5%). */
  readonly threshold: number;
  /** Compare speedups over each file's own sequential row instead of absolute times (different machines). */
  readonly crossMachine: boolean;
  readonly metric: CompareMetric;
  /** Significance level of the Mann-Whitney U test. */
  readonly alpha: number;
}

/** What a significant, large enough change means for a row. */
export type Verdict = '~' | 'better' | 'worse' | 'regression';

/** A sample of one row in one file: per-trial values (seconds, or speedups in cross-machine mode). */
export interface SampleSummary {
  readonly values: readonly number[];
  readonly median: number;
  /** Sample standard deviation over the median, as a fraction (0 with one value). */
  readonly spread: number;
}

/** One row present in both files. */
export interface RowComparison {
  readonly name: string;
  readonly base: SampleSummary;
  readonly head: SampleSummary;
  /** median(head) / median(base) with its 95% bootstrap interval. */
  readonly ratio: RatioInterval;
  readonly test: MannWhitney;
  readonly verdict: Verdict;
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
  /** Plain-word remarks: failed rows, too few trials to ever be significant, parameters that differ. */
  readonly notes: readonly string[];
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

function valuesOf(row: Row, metric: CompareMetric): number[] {
  return countedTrials(row).map((t) => pick(metric, t)).filter((v): v is number => v !== null);
}

function summarise(values: readonly number[]): SampleSummary {
  const middle = median([...values]);
  const spread = values.length > 1 && middle !== 0 && Number.isFinite(middle) ? sampleStandardDeviation([...values]) / middle : 0;
  return { values, median: middle, spread };
}

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
function speedups(entry: Entry, metric: CompareMetric): number[] | undefined {
  // The sequential row run the same way (libuv pool size, allocator, Node flags, sampling, flags), else any.
  const sequentials = entry.result.rows.filter((row) => row.strategy === 'sequential' && row.state === 'completed');
  const sequential = sequentials.find((row) => sameSettings(row, entry.row)) ?? sequentials[0];
  if (sequential === undefined) return undefined;
  const baseline = median(valuesOf(sequential, metric));
  return valuesOf(entry.row, metric).filter((v) => v > 0).map((v) => baseline / v);
}

function verdictOf(ratio: number, significant: boolean, mode: Comparison['mode'], threshold: number): Verdict {
  if (!significant) return '~';
  const worse = mode === 'time' ? ratio > 1 : ratio < 1;
  if (!worse) return 'better';
  const beyond = mode === 'time' ? ratio > 1 + threshold : ratio < 1 - threshold;
  return beyond ? 'regression' : 'worse';
}

/** Pairs the rows of two runs and tests each pair; the caller checks the machines first. */
export function compareRuns(base: RunResults, head: RunResults, options: CompareOptions): Comparison {
  const mode = options.crossMachine ? 'speedup' : 'time';
  const baseRows = entries(base, head, options.crossMachine);
  const headRows = entries(head, base, options.crossMachine);
  const rows: RowComparison[] = [];
  const notes: string[] = [];
  const tooFew = new Set<string>();
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
    if (mode === 'speedup' && b.row.strategy === 'sequential') continue; // 1 by definition on both sides
    const baseValues = mode === 'speedup' ? speedups(b, options.metric) : valuesOf(b.row, options.metric);
    const headValues = mode === 'speedup' ? speedups(h, options.metric) : valuesOf(h.row, options.metric);
    if (baseValues === undefined || headValues === undefined) {
      notes.push(`${name}: no sequential row to compute speedups from, not compared.`);
      continue;
    }
    if (baseValues.length === 0 || headValues.length === 0) {
      notes.push(`${name}: no ${options.metric} samples in ${baseValues.length === 0 ? 'base' : 'head'}, not compared.`);
      continue;
    }
    if (smallestP(baseValues.length, headValues.length) >= options.alpha) tooFew.add(`${baseValues.length} vs ${headValues.length}`);
    const test = mannWhitney(headValues, baseValues);
    const ratio = ratioOfMedians(baseValues, headValues);
    // A change counts only where both the rank test and the interval of the ratio say so: at the
    // edge they can disagree (p just under α, an interval just reaching no change), and a CI gate
    // that fails on such a row fails on noise.
    const significant = test.p < options.alpha && (ratio.low > 1 || ratio.high < 1);
    rows.push({ name, base: summarise(baseValues), head: summarise(headValues), ratio, test, verdict: verdictOf(ratio.ratio, significant, mode, options.threshold) });
  }
  for (const [scenario, { differences, rows: names }] of otherWorkloads) {
    notes.push(
      `${scenario}: base and head measured different workloads (${differences.join('; ')}), so its rows of the same names were not paired: ` +
        `${names.join(', ')} unmatched, not compared. Compare runs of the same task module, export and inputs.`,
    );
  }
  for (const sizes of tooFew) {
    const [n1, n2] = sizes.split(' vs ').map(Number) as [number, number];
    notes.push(
      `With ${sizes} trials the smallest p-value the test can give is ${smallestP(n1, n2).toFixed(3)}, not below ${options.alpha}: no change there can be significant. Run both with --iterations 5 or more.`,
    );
  }
  // Rows with too few trials can never be called changed, so they are left out of the count.
  const testable = rows.filter((row) => smallestP(row.base.values.length, row.head.values.length) < options.alpha);
  const chance = testable.length * options.alpha;
  if (chance >= 0.5) {
    const called = rows.filter((row) => row.verdict !== '~').length;
    notes.push(
      `${testable.length} rows were tested at α=${options.alpha}: if nothing had changed, up to about ${chance.toFixed(1)} of them could still be called changed by chance; ${called} ${called === 1 ? 'was' : 'were'}. ` +
        'A lone change near the threshold deserves a rerun before it is believed.',
    );
  }
  const sequential = rows.find((row) => row.name.endsWith(' sequential') && row.verdict !== '~');
  if (sequential !== undefined && mode === 'time') {
    notes.push(
      `${sequential.name} changed too (${((sequential.ratio.ratio - 1) * 100).toFixed(1)}%): if the code it runs did not change, the machine's load did between the runs. ` +
        'Alternate short runs of base and head and pass each side as comma-separated files, whose trials are pooled.',
    );
  }
  // Runtime settings given with one value do not show in row names, so a difference shows only here.
  const settings = (r: RunResults): string =>
    JSON.stringify({
      mode: r.parameters['mode'],
      incremental: r.parameters['incremental'],
      uvThreadpoolSizes: r.parameters['uvThreadpoolSizes'],
      mallocSettings: r.parameters['mallocSettings'],
      nodeFlagSets: r.parameters['nodeFlagSets'],
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
  };
}

/** Rows whose change is significant, in the bad direction, and beyond the threshold. */
export function regressions(comparison: Comparison): RowComparison[] {
  return comparison.rows.filter((row) => row.verdict === 'regression');
}
