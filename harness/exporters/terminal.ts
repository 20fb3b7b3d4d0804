/** The `terminal` format: tables as each scenario completes, the decision matrix at the end. */
import type { ChalkInstance } from 'chalk';
import { colours, renderTerminal } from '../report/terminal.js';
import { byScenario, decisionTable, foreignLoadThreshold, projectionMethod, projectionTable } from '../report/tables.js';
import type { RunResults } from '../results/records.js';
import { terminalTable } from '../report/text-tables.js';
import type { Exporter } from './exporter.js';

/** The closing summary for a terminal: the decision matrix and each scenario's projection. */
export function renderRunSummary(results: RunResults, chalk: ChalkInstance = colours()): string {
  if (results.scenarios.length === 0) return '';
  return [
    '',
    chalk.bold('Decision matrix'),
    terminalTable(decisionTable(results.scenarios, foreignLoadThreshold(results)), chalk),
    ...byScenario(results.scenarios).flatMap((sizes) => [
      '',
      chalk.bold(`Projection: ${(sizes[0] as { scenario: string }).scenario}`),
      terminalTable(projectionTable(sizes), chalk),
      projectionMethod(sizes),
    ]),
  ].join('\n');
}

/** Tables on stdout as each scenario completes, then the decision matrix and projections. */
export const terminal: Exporter = {
  name: 'terminal',
  summary: 'tables on stdout as each scenario completes, then the decision matrix and projections',
  printScenario: (result) => renderTerminal(result),
  printRun: (results) => renderRunSummary(results),
};
