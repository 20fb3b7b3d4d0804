/** Draws a plain `Table` as markdown or as a boxed, coloured terminal table. */
import type { ChalkInstance } from 'chalk';
import CliTable from 'cli-table3';
import type { Table, Tone } from './comparison-table.js';

const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

/** A GitHub-flavoured markdown table; pipes and line breaks inside cells are escaped so columns hold. */
export function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.map(escape).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((cells) => `| ${cells.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** A boxed table for a terminal, each row coloured by its tone. */
export function terminalTable(table: Table, chalk: ChalkInstance): string {
  const tone: Record<Tone, (text: string) => string> = {
    plain: (text) => text,
    best: (text) => chalk.green(text),
    failed: (text) => chalk.red(text),
    baseline: (text) => chalk.dim(text),
  };
  const out = new CliTable({ head: table.head.map((h) => chalk.bold(h)), style: { head: [], border: [] } });
  for (const row of table.rows) out.push(row.cells.map((cell) => tone[row.tone](cell)));
  return out.toString();
}
