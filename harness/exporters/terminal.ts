/** The `terminal` format: tables as each scenario completes, the decision matrix at the end. */
import type { ChalkInstance } from 'chalk';
import { colours, paragraph, renderTerminal } from '../report/terminal.js';
import { DEFAULT_VIEW, type TerminalView } from '../terminal-view.js';
import { byScenario, decisionTable, foreignLoadThreshold, projectable, projectionMethod, projectionTable, winnerChangeLines } from '../report/tables.js';
import type { RunResults } from '../results/records.js';
import { terminalTable } from '../report/text-tables.js';
import type { Exporter } from './exporter.js';
import { terminalText } from '../safe-text.js';

/** The closing summary for a terminal: the decision matrix and each scenario's projection, fitted to the view's width. */
export function renderRunSummary(results: RunResults, chalk: ChalkInstance = colours(), view: TerminalView = DEFAULT_VIEW): string {
  if (results.scenarios.length === 0) return '';
  const shown = view.wide ? 'wide' : 'compact';
  return [
    '',
    chalk.bold('Decision matrix'),
    terminalTable(decisionTable(results.scenarios, foreignLoadThreshold(results), shown), chalk, view.width),
    ...winnerChangeLines(results.scenarios).map((line) => paragraph(line, view.width)),
    ...byScenario(results.scenarios)
      .filter((sizes) => projectable(sizes))
      .flatMap((sizes) => [
        '',
        chalk.bold(`Projection: ${terminalText((sizes[0] as { scenario: string }).scenario)}`),
        terminalTable(projectionTable(sizes, shown), chalk, view.width),
        paragraph(projectionMethod(sizes), view.width),
      ]),
  ].join('\n');
}

/** Tables on stdout as each scenario completes, then the decision matrix and projections. */
export const terminal: Exporter = {
  name: 'terminal',
  summary: 'tables on stdout as each scenario completes, then the decision matrix and projections',
  printScenario: (result, view, notes) => renderTerminal(result, colours(), view, notes),
  printRun: (results, view) => renderRunSummary(results, colours(), view),
};
