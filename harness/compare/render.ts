/** The comparison for a terminal (one table) or as a pull request's summary in markdown. */
import type { ChalkInstance } from 'chalk';
import { coresAvailable } from '../report/format.js';
import type { RunResults } from '../results/records.js';
import { markdownTable, terminalTable } from '../report/text-tables.js';
import { paragraph } from '../report/terminal.js';
import { DEFAULT_WIDTH } from '../terminal-view.js';
import { strictestLevel } from '../statistics/multiple-comparisons.js';
import { POWER } from '../statistics/detectable-change.js';
import { uncheckedRows, type Comparison, type RowComparison } from './compare.js';
import { CALLED } from './verdicts.js';
import { compareTable, couldSee, orderedRows, percentOf, trialsText, verdictCounts } from './table.js';
import { markdownText } from '../safe-text.js';

export { compareTable } from './table.js';

/** A results file as compare names it: its path and what it holds. */
export interface ComparedFile {
  readonly path: string;
  readonly results: RunResults;
}

function describe(file: ComparedFile): string {
  const c = file.results.context;
  return `${file.path}: ${c.machine} (${c.cpuModel}, ${coresAvailable(c)}, ${c.os} ${c.arch}), Node ${c.node}, commit ${c.gitCommit?.slice(0, 12) ?? 'unknown'}, started ${c.startedAt}`;
}

/** Rows the test could run on: the family the correction spans. */
const testedCount = (comparison: Comparison): number => comparison.rows.filter((row) => row.test !== null).length;

/** The test and the correction in words, with the error rate they bound. */
export function method(comparison: Comparison): string {
  const { alpha, correction } = comparison.options;
  const on = comparison.mode === 'time' ? 'log times' : 'log speedups';
  const m = testedCount(comparison);
  const rows = `${m} row${m === 1 ? '' : 's'}`;
  switch (correction) {
    case 'holm':
      return `Welch's t-test on ${on}, Holm-corrected over ${rows} at α=${alpha} (chance of any false alarm ≤ ${percentOf(alpha)})`;
    case 'bh':
      return `Welch's t-test on ${on}, Benjamini-Hochberg-corrected over ${rows} at α=${alpha} (share of false alarms among changed rows ≤ ${percentOf(alpha)})`;
    case 'none':
      return `Welch's t-test on ${on}, each of ${rows} alone at α=${alpha}, uncorrected (about ${percentOf(alpha)} of unchanged rows will be called changed)`;
  }
}

function heading(comparison: Comparison): string {
  const what = comparison.mode === 'time' ? `${comparison.metric} time per trial (smaller is better)` : `speedup of ${comparison.metric} time over each machine's own sequential run (larger is better)`;
  return `Comparing ${what}: ${method(comparison)}; regressions beyond ${percentOf(comparison.options.threshold)}.`;
}

/** What the gate could not check, and what would decide each row; empty without --fail-on-regression. */
function uncheckedLines(comparison: Comparison): string[] {
  const unchecked = uncheckedRows(comparison);
  if (unchecked.length === 0) return [];
  const threshold = percentOf(comparison.options.threshold);
  const undecided = unchecked.filter((row) => row.verdict === 'undecided');
  return [
    `The gate could not check ${unchecked.length} row${unchecked.length === 1 ? '' : 's'}` +
      (undecided.length > 0 ? ` (${undecided.length} undecided: not called changed, yet each could have missed a regression beyond ${threshold})` : '') +
      ': they do not fail it, and its pass does not vouch for them.',
    ...undecided.map((row) => `${row.name}: could see only ${couldSee(row.detectable)}; ${trialsText(row, comparison.unit)} decide it.`),
  ];
}

/** The notes and the rows in one file only. */
function otherLines(comparison: Comparison): string[] {
  return [
    ...comparison.notes,
    ...(comparison.onlyInBase.length > 0 ? [`Only in base: ${comparison.onlyInBase.join(', ')}.`] : []),
    ...(comparison.onlyInHead.length > 0 ? [`Only in head: ${comparison.onlyInHead.join(', ')}.`] : []),
  ];
}

function legend(comparison: Comparison): string {
  const { alpha, correction, failOnRegression } = comparison.options;
  const m = testedCount(comparison);
  const level = strictestLevel(alpha, m, correction);
  const adjusted = { holm: `adjusted by Holm's method over the ${m} tested rows`, bh: `adjusted by Benjamini-Hochberg over the ${m} tested rows`, none: 'not adjusted' }[correction];
  const strictest = correction === 'none' ? `α = ${alpha}` : `α/m = ${Number(level.toPrecision(2))}`;
  return [
    'Base and Head: the median ± the standard deviation over it.',
    'Change: the ratio of geometric means, exp(mean log head - mean log base) - 1, from Welch\'s t-test on the log of each value, a trial or, where a side pooled runs, a run\'s geometric mean (p from Student\'s t with Welch-Satterthwaite degrees of freedom);',
    `"~" unless the row's p, ${adjusted}, is under α=${alpha} and its 95% interval, exp(difference ± t(0.975, df) × se), leaves out no change.`,
    `Could see: the change the row would call with probability ${POWER.toFixed(2)} at the strictest level a row faces (${strictest}): exp((t(1 - level/2, df) + t(${POWER.toFixed(2)}, df)) × se) - 1.`,
    ...(failOnRegression
      ? ['Undecided: not called changed, and Could see is beyond the threshold; the trials it needs keep its log variances and solve the same formula for n per side.']
      : []),
  ].join(' ');
}

/** The comparison as a pull request's summary: the verdict, changed rows, undecided rows, the unchanged rest folded away, notes, legend. */
export function renderCompareMarkdown(comparison: Comparison, base: ComparedFile, head: ComparedFile): string {
  const rows = orderedRows(comparison);
  const tableOf = (picked: readonly RowComparison[]): string => {
    const table = compareTable(comparison, picked);
    return markdownTable(table.head, table.rows.map((row) => row.cells));
  };
  const bullets = (lines: readonly string[]): string[] => lines.map((line) => `- ${markdownText(line)}`);
  const changed = rows.filter((row) => CALLED.has(row.verdict));
  const unchecked = rows.filter((row) => row.verdict === 'undecided' || row.verdict === 'untested');
  const unchanged = rows.filter((row) => row.verdict === '~');
  const uncheckedTitle = comparison.options.failOnRegression ? 'Undecided: the gate could not check these' : 'Untested';
  return [
    `## parabench compare: ${verdictCounts(comparison)}`,
    '',
    `- Base: ${markdownText(describe(base))}`,
    `- Head: ${markdownText(describe(head))}`,
    '',
    heading(comparison),
    '',
    ...(rows.length === 0 ? ['No row is present in both files.', ''] : changed.length === 0 ? ['No row was called changed.', ''] : []),
    ...(changed.length > 0 ? [`**Changed** (${changed.length})`, '', tableOf(changed), ''] : []),
    ...(unchecked.length > 0 ? [`**${uncheckedTitle}** (${unchecked.length})`, '', tableOf(unchecked), '', ...bullets(uncheckedLines(comparison)), ''] : []),
    // Folded: on a pull request the rows that did not move are the many, and the least read.
    ...(unchanged.length > 0 ? [`<details><summary>${unchanged.length} unchanged row${unchanged.length === 1 ? '' : 's'}</summary>`, '', tableOf(unchanged), '', '</details>', ''] : []),
    ...(otherLines(comparison).length > 0 ? [...bullets(otherLines(comparison)), ''] : []),
    legend(comparison),
    '',
  ].join('\n');
}

/** The comparison for a terminal, fitted to `width` characters: one table, in the markdown's order. */
export function renderCompareTerminal(comparison: Comparison, base: ComparedFile, head: ComparedFile, chalk: ChalkInstance, width = DEFAULT_WIDTH): string {
  const table = compareTable(comparison, orderedRows(comparison), 'compact');
  return [
    chalk.bold(`parabench compare: ${verdictCounts(comparison)}`),
    paragraph(describe(base), width, 'Base: '),
    paragraph(describe(head), width, 'Head: '),
    paragraph(heading(comparison), width),
    table.rows.length > 0 ? terminalTable(table, chalk, width) : 'No row is present in both files.',
    ...[...uncheckedLines(comparison), ...otherLines(comparison)].map((line) => paragraph(line, width, '  - ')),
    chalk.dim(paragraph(legend(comparison), width)),
  ].join('\n');
}
