/** The comparison as a table for a terminal or markdown. */
import type { ChalkInstance } from 'chalk';
import { coresAvailable, duration } from '../report/format.js';
import type { RunResults } from '../results/records.js';
import type { Table, Tone } from '../report/comparison-table.js';
import { markdownTable, terminalTable } from '../report/text-tables.js';
import { DEFAULT_WIDTH, paragraph } from '../report/terminal.js';
import type { Comparison, RowComparison, SampleSummary, Verdict } from './compare.js';
import { markdownText } from '../safe-text.js';

/** A results file as compare names it: its path and what it holds. */
export interface ComparedFile {
  readonly path: string;
  readonly results: RunResults;
}

/** A figure as `text` writes it, or "n/a" where it is not a finite number: a table never shows NaN or Infinity. */
const figure = (value: number, text: (v: number) => string): string => (Number.isFinite(value) ? text(value) : 'n/a');

const percent = (ratio: number): string => figure(ratio, (r) => `${r >= 1 ? '+' : ''}${((r - 1) * 100).toFixed(1)}%`);

function sample(s: SampleSummary, mode: Comparison['mode']): string {
  const value = figure(s.median, (m) => (mode === 'time' ? duration(m) : `${m.toFixed(2)}x`));
  return `${value} ± ${figure(s.spread, (f) => `${(f * 100).toFixed(0)}%`)} (n=${s.values.length})`;
}

const VERDICT_TONE: Record<Verdict, Tone> = { '~': 'plain', better: 'best', worse: 'plain', regression: 'failed' };

function verdictText(row: RowComparison, comparison: Comparison): string {
  const time = comparison.mode === 'time';
  switch (row.verdict) {
    case '~':
      return '';
    case 'better':
      return time ? 'faster' : 'higher speedup';
    case 'worse':
      return `${time ? 'slower' : 'lower speedup'} (within ${(comparison.options.threshold * 100).toFixed(0)}%)`;
    case 'regression':
      return `REGRESSION (beyond ${(comparison.options.threshold * 100).toFixed(0)}%)`;
  }
}

/** The comparison as a plain table, shared by the terminal and markdown renderers. */
export function compareTable(comparison: Comparison): Table {
  return {
    head: ['Benchmark', 'Base', 'Head', 'Change', '95% interval', 'p', 'Verdict'],
    rows: comparison.rows.map((row) => ({
      cells: [
        row.name,
        sample(row.base, comparison.mode),
        sample(row.head, comparison.mode),
        row.verdict === '~' ? '~' : percent(row.ratio.ratio),
        `[${percent(row.ratio.low)}, ${percent(row.ratio.high)}]`,
        figure(row.test.p, (p) => p.toFixed(3)),
        verdictText(row, comparison),
      ],
      tone: VERDICT_TONE[row.verdict],
    })),
  };
}

function describe(file: ComparedFile): string {
  const c = file.results.context;
  return `${file.path}: ${c.machine} (${c.cpuModel}, ${coresAvailable(c)}, ${c.os} ${c.arch}), Node ${c.node}, commit ${c.gitCommit?.slice(0, 12) ?? 'unknown'}, started ${c.startedAt}`;
}

function heading(comparison: Comparison): string {
  const what = comparison.mode === 'time' ? `${comparison.metric} time per trial (smaller is better)` : `speedup of ${comparison.metric} time over each machine's own sequential run (larger is better)`;
  return `Comparing ${what}; Mann-Whitney U at α=${comparison.options.alpha}, regressions beyond ${(comparison.options.threshold * 100).toFixed(0)}%.`;
}

function trailer(comparison: Comparison): string[] {
  return [
    ...comparison.notes,
    ...(comparison.onlyInBase.length > 0 ? [`Only in base: ${comparison.onlyInBase.join(', ')}.`] : []),
    ...(comparison.onlyInHead.length > 0 ? [`Only in head: ${comparison.onlyInHead.join(', ')}.`] : []),
  ];
}

const LEGEND =
  'Change is median(head) / median(base) - 1, shown as "~" unless the Mann-Whitney U test on the raw per-trial samples finds a significant difference ' +
  'and the 95% interval, a percentile bootstrap of that ratio (2,000 resamples, fixed seed), leaves out no change.';

/** The comparison as markdown, e.g. for a pull request or a job summary. */
export function renderCompareMarkdown(comparison: Comparison, base: ComparedFile, head: ComparedFile): string {
  const table = compareTable(comparison);
  return [
    '## parabench compare',
    '',
    `- Base: ${markdownText(describe(base))}`,
    `- Head: ${markdownText(describe(head))}`,
    '',
    heading(comparison),
    '',
    table.rows.length > 0 ? markdownTable(table.head, table.rows.map((row) => row.cells)) : 'No row is present in both files.',
    '',
    ...trailer(comparison).map((line) => `- ${markdownText(line)}`),
    '',
    LEGEND,
    '',
  ].join('\n');
}

/** The comparison for a terminal, fitted to `width` characters. */
export function renderCompareTerminal(comparison: Comparison, base: ComparedFile, head: ComparedFile, chalk: ChalkInstance, width = DEFAULT_WIDTH): string {
  const table = compareTable(comparison);
  return [
    chalk.bold('parabench compare'),
    paragraph(describe(base), width, 'Base: '),
    paragraph(describe(head), width, 'Head: '),
    paragraph(heading(comparison), width),
    table.rows.length > 0 ? terminalTable(table, chalk, width) : 'No row is present in both files.',
    ...trailer(comparison).map((line) => paragraph(line, width, '  - ')),
    chalk.dim(paragraph(LEGEND, width)),
  ].join('\n');
}
