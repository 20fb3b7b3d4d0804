/** One scenario's table, verdict, notes and timelines for a terminal. */
import { Chalk, type ChalkInstance } from 'chalk';
import { scenarioTable, verdict } from './comparison-table.js';
import { timelineSection } from './timeline.js';
import { threadTable } from './thread-table.js';
import type { ScenarioResult } from '../results/records.js';
import { terminalTable } from './text-tables.js';

/** chalk honours FORCE_COLOR; NO_COLOR (any non-empty value) turns colour off unless FORCE_COLOR is set. */
export function colours(env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '' && env['FORCE_COLOR'] === undefined;
  return noColor ? new Chalk({ level: 0 }) : new Chalk();
}

/** Renders one scenario's table, verdict and notes for a terminal. */
export function renderTerminal(result: ScenarioResult, chalk: ChalkInstance = colours()): string {
  const lines = [
    chalk.bold(`Scenario ${result.scenario}: ${result.summary} (${result.items} items)`),
    terminalTable(scenarioTable(result), chalk),
    ...whereTheCpuWent(result, chalk),
    chalk.bold(verdict(result)),
    ...result.notes.map((note) => `  - ${note}`),
    ...timelineSection(result),
  ];
  return lines.join('\n');
}

/** The compact "where the CPU went" table, when the rows have per-thread figures. */
function whereTheCpuWent(result: ScenarioResult, chalk: ChalkInstance): string[] {
  const table = threadTable(result, true);
  return table === undefined ? [] : ['Where the CPU went (cores in the work window, medians):', terminalTable(table, chalk)];
}
