/** `parabench compare`: reads both sides, compares them, prints the table, sets the exit code. */
import { colours } from '../report/terminal.js';
import { readResultsFile } from '../results/read.js';
import { UsageError } from '../usage-error.js';
import { CORRECTIONS, type Correction } from '../statistics/multiple-comparisons.js';
import type { RunResults } from '../results/records.js';
import { compareRuns, machineDifferences, regressions, uncheckedRows, type CompareOptions } from './compare.js';
import { checkDistinctRuns, type SideFile } from './distinct-runs.js';
import { poolRuns } from './pool-runs.js';
import { renderCompareMarkdown, renderCompareTerminal } from './render.js';
import { percentOf } from './table.js';

/** `parabench compare`'s inputs after the CLI has parsed them. */
export interface CompareCommand extends CompareOptions {
  /** One results file, or several of one configuration separated by commas, whose trials are pooled. */
  readonly basePath: string;
  readonly headPath: string;
  readonly format: 'terminal' | 'markdown';
  /** Characters the terminal table must fit in; default 100. */
  readonly width?: number;
}

/** Parses `5%`, `5` (both percent) into a fraction. */
export function parseThreshold(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const value = match === null ? Number.NaN : Number(match[1]);
  if (!Number.isFinite(value) || value >= 100) throw new UsageError(`--threshold takes a percentage from 0 to 100, e.g. 5%, got "${text}"`);
  return value / 100;
}

/** `--correction`: holm, bh or none. */
export function parseCorrection(text: string): Correction {
  const found = CORRECTIONS.find((name) => name === text.trim());
  if (found === undefined) throw new UsageError(`--correction takes one of: ${CORRECTIONS.join(', ')}, got "${text}"`);
  return found;
}

/** Reads one side's files: one, or several of one machine separated by commas. */
async function readSide(side: SideFile['side'], paths: string): Promise<SideFile[]> {
  const files: SideFile[] = [];
  for (const path of paths.split(',').filter((name) => name.length > 0)) files.push({ side, path, results: await readResultsFile(path) });
  const first = files[0];
  if (first === undefined) throw new UsageError('compare needs a results file for each side');
  for (const file of files) {
    const differences = machineDifferences(first.results.context, file.results.context);
    if (differences.length > 0) throw new UsageError(`${file.path} comes from another machine than ${first.path} (${differences.join('; ')}): only runs of one machine can be pooled.`);
  }
  return files;
}

/** One side's runs pooled into one. */
const pooled = (files: readonly SideFile[]): RunResults => poolRuns(files.map((file) => file.results));

/**
 * Compares two results files; prints the table; returns the exit code: 1 only for a significant
 * regression beyond the threshold with --fail-on-regression, 0 otherwise (undecided rows too:
 * the output names them as rows the gate could not check). Unreadable files (and
 * impossible figures in them), one run given twice, different machines (without --cross-machine)
 * and files with no row in common throw errors that exit 2.
 */
export async function runCompare(command: CompareCommand, print: (text: string) => void): Promise<number> {
  const baseFiles = await readSide('base', command.basePath);
  const headFiles = await readSide('head', command.headPath);
  await checkDistinctRuns([...baseFiles, ...headFiles]);
  const base = { path: command.basePath, results: pooled(baseFiles) };
  const head = { path: command.headPath, results: pooled(headFiles) };
  const differences = machineDifferences(base.results.context, head.results.context);
  if (differences.length > 0 && !command.crossMachine) {
    throw new UsageError(
      `the two files come from different machines (${differences.join('; ')}), so their absolute times are not comparable. ` +
        'Pass --cross-machine to compare speedups over each machine\'s own sequential run instead.',
    );
  }
  const comparison = compareRuns(base.results, head.results, command);
  print(command.format === 'markdown' ? renderCompareMarkdown(comparison, base, head) : renderCompareTerminal(comparison, base, head, colours(), command.width));
  if (comparison.rows.length === 0) {
    // A gate that compared nothing must not pass: a typo in a path or a renamed scenario would hide every regression.
    const sides = (names: readonly string[]): string => (names.length > 0 ? names.slice(0, 5).join(', ') + (names.length > 5 ? ', ...' : '') : 'none');
    throw new UsageError(
      `nothing was compared: no completed row is present in both ${command.basePath} and ${command.headPath} ` +
        `(only in base: ${sides(comparison.onlyInBase)}; only in head: ${sides(comparison.onlyInHead)}` +
        `${comparison.unmatched.length > 0 ? `; in both but of different workloads: ${sides(comparison.unmatched)}` : ''}). ` +
        'Compare results of the same scenarios, workloads, sizes and strategies.',
    );
  }
  const found = regressions(comparison);
  if (found.length > 0) print(`${found.length} significant regression(s) beyond ${percentOf(command.threshold)}: ${found.map((row) => row.name).join(', ')}`);
  const unchecked = uncheckedRows(comparison);
  if (unchecked.length > 0) print(`${unchecked.length} row(s) the gate could not check (undecided or untested): listed above, with the trials or runs that would decide them. They do not fail it.`);
  return command.failOnRegression && found.length > 0 ? 1 : 0;
}
