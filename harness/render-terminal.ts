import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { scenarioTable, verdict, type Tone } from './table.js';
import { timelineSection } from './timeline.js';
import type { ScenarioResult } from './results.js';

/** chalk honours FORCE_COLOR; NO_COLOR (any non-empty value) turns colour off unless FORCE_COLOR is set. */
export function colours(env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  const noColor = env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '' && env['FORCE_COLOR'] === undefined;
  return noColor ? new Chalk({ level: 0 }) : new Chalk();
}

/** Renders one scenario's table, verdict and notes for a terminal. */
export function renderTerminal(result: ScenarioResult, chalk: ChalkInstance = colours()): string {
  const table = scenarioTable(result);
  const tone: Record<Tone, (text: string) => string> = {
    plain: (text) => text,
    best: (text) => chalk.green(text),
    failed: (text) => chalk.red(text),
    baseline: (text) => chalk.dim(text),
  };
  const out = new Table({ head: table.head.map((h) => chalk.bold(h)), style: { head: [], border: [] } });
  for (const row of table.rows) out.push(row.cells.map((cell) => tone[row.tone](cell)));
  const lines = [
    chalk.bold(`Scenario ${result.scenario}: ${result.summary} (${result.items} items)`),
    out.toString(),
    chalk.bold(verdict(result)),
    ...result.notes.map((note) => `  - ${note}`),
    ...timelineSection(result),
  ];
  return lines.join('\n');
}
