/** Each paired row tested, the family of rows held to one error rate, and what each row could have seen. */
// Welch's t-test on log values, p adjusted over the tested rows, the detectable change.
import { median, sampleStandardDeviation } from 'simple-statistics';
import { detectableLogShift, trialsPerSide } from '../statistics/detectable-change.js';
import { adjust, strictestLevel, type Correction } from '../statistics/multiple-comparisons.js';
import { untestable, welchLog, type WelchLog } from '../statistics/welch-log.js';

/** What a row's test found: `~` no change called; `worse` a called slowdown within the threshold; `undecided` (a gate only) no change called, but the row could have missed a regression beyond the threshold; `untested` too few trials (or values without a logarithm) to test. */
export type Verdict = '~' | 'better' | 'worse' | 'regression' | 'undecided' | 'untested';

/** The verdicts of a row called changed. */
export const CALLED: ReadonlySet<Verdict> = new Set<Verdict>(['better', 'worse', 'regression']);

/** A sample of one row in one file: per-trial values (seconds, or speedups in cross-machine mode). */
export interface SampleSummary {
  readonly values: readonly number[];
  readonly median: number;
  /** Sample standard deviation over the median, as a fraction (0 with one value). */
  readonly spread: number;
}

/** One row present in both files, tested. */
export interface RowComparison {
  readonly name: string;
  readonly base: SampleSummary;
  readonly head: SampleSummary;
  /** Welch's t-test on the logs: ratio of geometric means with its 95% interval, p, df, se; null for an untested row. */
  readonly test: WelchLog | null;
  /** p adjusted over the family of tested rows by the correction; null for an untested row. */
  readonly adjustedP: number | null;
  /** The change (0.062 is ±6.2%) this row would call 4 times in 5 at the strictest level of the family; null for an untested row. */
  readonly detectable: number | null;
  /** An undecided row's trials per side that would decide it; null otherwise, or where no number up to the limit would. */
  readonly trialsNeeded: number | null;
  /** Why an untested row could not be tested; null otherwise. */
  readonly untested: string | null;
  readonly verdict: Verdict;
}

/** A pair of samples to test. */
export interface RowSamples {
  readonly name: string;
  readonly base: readonly number[];
  readonly head: readonly number[];
}

/** What the verdicts depend on. */
export interface VerdictRules {
  /** `time`: smaller is better; `speedup`: larger is better. */
  readonly mode: 'time' | 'speedup';
  readonly alpha: number;
  readonly correction: Correction;
  readonly threshold: number;
  /** A gate: a row that could not have seen a regression beyond the threshold is undecided, not "~". */
  readonly failOnRegression: boolean;
}

export function summarise(values: readonly number[]): SampleSummary {
  const middle = median([...values]);
  const spread = values.length > 1 && middle !== 0 && Number.isFinite(middle) ? sampleStandardDeviation([...values]) / middle : 0;
  return { values, median: middle, spread };
}

/** The log shift a regression must pass: log(1 + threshold) for times, -log(1 - threshold) for speedups. */
export function regressionReach(mode: VerdictRules['mode'], threshold: number): number {
  return mode === 'time' ? Math.log1p(threshold) : -Math.log1p(-threshold);
}

function calledVerdict(ratio: number, mode: VerdictRules['mode'], threshold: number): Verdict {
  const worse = mode === 'time' ? ratio > 1 : ratio < 1;
  if (!worse) return 'better';
  const beyond = mode === 'time' ? ratio > 1 + threshold : ratio < 1 - threshold;
  return beyond ? 'regression' : 'worse';
}

/** Why a pair cannot be tested, naming the side, or undefined. */
function whyUntested(pair: RowSamples): string | undefined {
  const base = untestable(pair.base);
  const head = untestable(pair.head);
  if (base === undefined && head === undefined) return undefined;
  if (base !== undefined && head !== undefined) return base === head ? `${base} on each side` : `${base} in base and ${head} in head`;
  return base !== undefined ? `${base} in base` : `${head as string} in head`;
}

/**
 * Tests every pair and gives each its verdict. The family is the rows that can be tested: their
 * p-values are adjusted together, and a row is called changed where its adjusted p is under α
 * and its 95% interval leaves out no change (the same thing at α = 0.05, kept so the two shown
 * figures never disagree). A row not called reports the change it could have seen; under a gate
 * it is undecided where that change is beyond the threshold.
 */
export function testRows(pairs: readonly RowSamples[], rules: VerdictRules): RowComparison[] {
  const tests = pairs.map((pair) => (whyUntested(pair) === undefined ? welchLog(pair.base, pair.head) : null));
  const tested = tests.filter((test): test is WelchLog => test !== null);
  const adjusted = adjust(tested.map((test) => test.p), rules.correction);
  const level = strictestLevel(rules.alpha, tested.length, rules.correction);
  const reach = regressionReach(rules.mode, rules.threshold);
  let next = 0;
  return pairs.map((pair, i) => {
    const common = { name: pair.name, base: summarise(pair.base), head: summarise(pair.head) };
    const test = tests[i] ?? null;
    if (test === null) {
      return { ...common, test, adjustedP: null, detectable: null, trialsNeeded: null, untested: whyUntested(pair) ?? null, verdict: 'untested' as const };
    }
    const adjustedP = adjusted[next] as number;
    next += 1;
    const shift = detectableLogShift(test.se, test.df, level);
    const called = adjustedP < rules.alpha && (test.low > 1 || test.high < 1);
    const undecided = !called && rules.failOnRegression && shift > reach;
    const trialsNeeded = undecided ? (trialsPerSide(test.baseVariance, test.headVariance, level, reach) ?? null) : null;
    const verdict: Verdict = called ? calledVerdict(test.ratio, rules.mode, rules.threshold) : undecided ? 'undecided' : '~';
    return { ...common, test, adjustedP, detectable: Math.expm1(shift), trialsNeeded, untested: null, verdict };
  });
}

/** The notes on untested rows: rows of one reason together, with what to do. */
export function untestedNotes(rows: readonly RowComparison[]): string[] {
  const byReason = new Map<string, string[]>();
  for (const row of rows) if (row.untested !== null) byReason.set(row.untested, [...(byReason.get(row.untested) ?? []), row.name]);
  return [...byReason].map(([why, names]) => {
    const what = names.length === 1 ? 'it was not tested' : `these ${names.length} rows were not tested`;
    const remedy = /trials?\b/.test(why)
      ? 'a test needs 2 trials or more on each side, since one trial shows no spread. Run both sides with more --iterations (the Could see column says how small a change the tested rows could see).'
      : "a test on log values needs every value above 0. Compare another --metric.";
    return `${names.join(', ')}: ${why}, so ${what}: ${remedy}`;
  });
}
