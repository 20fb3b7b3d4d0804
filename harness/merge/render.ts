/** The merged table for a terminal or markdown. */
import type { ChalkInstance } from 'chalk';
import { bytes, coresFigure, duration } from '../report/format.js';
import type { Table } from '../report/comparison-table.js';
import { isSequentialRow } from '../results/row-kinds.js';
import { markdownTable, terminalTable } from '../report/text-tables.js';
import { paragraph } from '../report/terminal.js';
import { DEFAULT_WIDTH } from '../terminal-view.js';
import type { Merged, MergedCell } from './merge.js';

function cellText(cell: MergedCell | null, strategy: string): string {
  if (cell === null) return '—';
  const size = cell.label === strategy ? '' : ` (${cell.label.startsWith(strategy) ? cell.label.slice(strategy.length).trim() : cell.label})`;
  const speed = cell.speedup === null ? 'n/a' : `${cell.speedup.value.toFixed(2)}x${size}`;
  const efficiency = cell.efficiency === null ? '' : `, ${(cell.efficiency * 100).toFixed(0)}%/core`;
  return `${speed}${efficiency}; ${duration(cell.realSeconds)}`;
}

/** Rows scenario x strategy, columns machines, as a plain table shared by both renderers. */
export function mergeTable(merged: Merged): Table {
  return {
    head: ['Scenario', 'Strategy', ...merged.machines.map((m) => m.name)],
    rows: merged.rows.map((row) => ({
      cells: [`${row.scenario} (${row.items} items)`, row.strategy, ...row.cells.map((cell) => cellText(cell, row.strategy))],
      tone: isSequentialRow(row) ? ('baseline' as const) : ('plain' as const),
    })),
  };
}

/** One line per machine: what each column is. */
export function machinesTable(merged: Merged): Table {
  return {
    head: ['Machine', 'CPU', 'Cores', 'Memory', 'OS', 'Node', 'Commit', 'File'],
    rows: merged.machines.map((m) => ({
      cells: [m.name, m.context.cpuModel, coresFigure(m.context), bytes(m.context.memoryBytes), `${m.context.os} (${m.context.arch})`, m.context.node, m.context.gitCommit?.slice(0, 12) ?? 'unknown', m.path],
      tone: 'plain' as const,
    })),
  };
}

const LEGEND =
  'Each cell: the real-time speedup over that machine\'s own sequential run (for a sweep, the fastest size, named in brackets), ' +
  'the speedup per core it could use (workers or in-flight limit, capped at the cores or the CPU quota), and the median real time. ' +
  'Speedups compare machines of different speed fairly; absolute times only within one machine.';

const table = (t: Table): string => markdownTable(t.head, t.rows.map((row) => row.cells));

/** The merged table as markdown, e.g. for a CI job summary. */
export function renderMergeMarkdown(merged: Merged): string {
  return ['## parabench across machines', '', table(machinesTable(merged)), '', table(mergeTable(merged)), '', LEGEND, ''].join('\n');
}

/** The merged table for a terminal, fitted to `width` characters. */
export function renderMergeTerminal(merged: Merged, chalk: ChalkInstance, width = DEFAULT_WIDTH): string {
  return [
    chalk.bold('parabench across machines'),
    terminalTable(machinesTable(merged), chalk, width),
    terminalTable(mergeTable(merged), chalk, width),
    chalk.dim(paragraph(LEGEND, width)),
  ].join('\n');
}
