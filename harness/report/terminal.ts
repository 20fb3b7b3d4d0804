/** One scenario's table, verdict, notes and timelines for a terminal. */
import { scenarioNotesOf, type NoteOptions } from './notes.js';
import { DEFAULT_VIEW, DEFAULT_WIDTH, type TerminalView } from '../terminal-view.js';
import { Chalk, type ChalkInstance } from 'chalk';
import { decide } from '../analysis/decision.js';
import { scenarioTable, verdict } from './comparison-table.js';
import { winnerChangeLines } from './tables.js';
import { timelineSection } from './timeline.js';
import { threadTable } from './thread-table.js';
import type { ScenarioResult } from '../results/records.js';
import { terminalTable, wrapText } from './text-tables.js';
import { instrumentParts } from './instrument-tables.js';
import { oneLine, terminalText } from '../safe-text.js';

/** chalk honours FORCE_COLOR; NO_COLOR (any non-empty value) turns colour off unless FORCE_COLOR is set. */
export function colours(env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '' && env['FORCE_COLOR'] === undefined;
  return noColor ? new Chalk({ level: 0 }) : new Chalk();
}

/** Lines of notes one scenario shows in a terminal, the ones that matter most first, unless every note is asked for. */
export const TERMINAL_NOTE_LINES = 10;

/** The width to fit: the terminal's own; when the output is not a terminal, COLUMNS if it is a positive whole number, else 100. */
export function terminalWidth(stream: { readonly isTTY?: boolean; readonly columns?: number }, env: NodeJS.ProcessEnv = process.env): number {
  if (stream.isTTY === true && stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const columns = Number(env['COLUMNS']);
  return Number.isInteger(columns) && columns > 0 ? columns : DEFAULT_WIDTH;
}

/** A paragraph wrapped to `width`: the first line after `first`, the others after `rest` (a hanging indent); the text passes terminalText, as it may carry user text. */
export function paragraph(text: string, width: number, first = '', rest = ' '.repeat(first.length)): string {
  return wrapText(terminalText(text), width - first.length)
    .map((line, i) => `${i === 0 ? first : rest}${line}`)
    .join('\n');
}

/** Timeline bars as wide as the terminal allows beside their lane labels, at most 64 characters. */
const timelineWidth = (width: number): number => Math.max(16, Math.min(64, width - 20));

/** Renders one scenario's table, verdict, notes and timelines for a terminal, fitted to the view's width. */
export function renderTerminal(result: ScenarioResult, chalk: ChalkInstance = colours(), view: TerminalView = DEFAULT_VIEW, options: NoteOptions = {}): string {
  // A timeline line is one line, whatever its lane and stage names hold.
  const fit = (raw: string): string => {
    const line = oneLine(raw);
    return line.length <= view.width ? line : paragraph(line, view.width);
  };
  const lines = [
    chalk.bold(paragraph(`Scenario ${result.scenario}: ${result.summary} (${result.items} items)`, view.width)),
    terminalTable(scenarioTable(result, view.wide ? 'wide' : 'compact'), chalk, view.width),
    ...whereTheCpuWent(result, chalk),
    ...instrumentTables(result, chalk, view),
    chalk.bold(paragraph(verdict(result), view.width)),
    ...answer(result, view, chalk),
    ...noteLines(scenarioNotesOf(result, options), view),
    ...(view.allNotes === true ? timelineSection(result, timelineWidth(view.width)).map(fit) : []),
  ];
  return lines.join('\n');
}

/**
 * The answer right under the tables: the decision with its measured reason and the size at which it
 * changes. Why it may not hold (foreign load) is the first of the notes, at the run's own threshold.
 */
function answer(result: ScenarioResult, view: TerminalView, chalk: ChalkInstance): string[] {
  return [
    chalk.bold(paragraph(`Decision: ${decide(result).recommendation}`, view.width)),
    ...winnerChangeLines([result]).map((line) => paragraph(line, view.width)),
  ];
}

/** The notes as wrapped lines: all of them, or whole notes in order while they fit TERMINAL_NOTE_LINES (the first always), then how many more there are. */
export function noteLines(notes: readonly string[], view: TerminalView): string[] {
  const lines: string[] = [];
  let shown = 0;
  for (const note of notes) {
    const wrapped = paragraph(note, view.width, '  - ').split('\n');
    if (view.allNotes !== true && shown > 0 && lines.length + wrapped.length > TERMINAL_NOTE_LINES) break;
    lines.push(...wrapped);
    shown += 1;
  }
  const more = notes.length - shown;
  if (more > 0) lines.push(`  (${more} more note${more === 1 ? '' : 's'} in the markdown report; \`--notes all\` shows every note and timeline here)`);
  return lines;
}

/** The compact "where the CPU went" table, when the rows have per-thread figures. */
/** Each instrument's table (`--instruments`), headed by what it measures, and its notes. */
function instrumentTables(result: ScenarioResult, chalk: ChalkInstance, view: TerminalView): string[] {
  return instrumentParts(result).flatMap((part) => [
    ...(part.table === undefined ? [] : [paragraph(`Instrument ${part.name}: ${part.measures}`, view.width), terminalTable(part.table, chalk, view.width)]),
    ...part.notes.map((note) => paragraph(`  ${note}`, view.width)),
  ]);
}

function whereTheCpuWent(result: ScenarioResult, chalk: ChalkInstance): string[] {
  const table = threadTable(result, true);
  return table === undefined ? [] : ['Where the CPU went (cores in the work window, medians):', terminalTable(table, chalk)];
}
