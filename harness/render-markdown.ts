import { mebibytes, seconds } from './format.js';
import type { RunResults, ScenarioResult } from './results.js';
import { scenarioTable, verdict } from './table.js';
import { timelineSection } from './timeline.js';

const escape = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

function markdownTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${head.map(escape).join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((cells) => `| ${cells.map(escape).join(' | ')} |`),
  ].join('\n');
}

function contextSection(results: RunResults): string {
  const c = results.context;
  const env = Object.entries(c.env).map(([name, value]) => `${name}=${value}`).join(', ') || 'none of the recorded ones';
  return [
    '## Machine',
    '',
    markdownTable(
      ['What', 'Value'],
      [
        ['Machine', c.machine],
        ['CPU', `${c.cpuModel}, ${c.cores} cores available`],
        ['Memory', mebibytes(c.memoryBytes)],
        ['OS', `${c.os} (${c.arch})`],
        ['Node', `${c.node} (V8 ${c.v8})`],
        ['sharp / libvips', `${c.sharp} / ${c.libvips}`],
        ['git commit', c.gitCommit ?? 'unknown'],
        ['Started', c.startedAt],
        ['user/sys from', c.timeMethod],
        ['Environment', env],
        ['Bare Node start', `${seconds(results.bareNodeStart.summary.median)} (median of ${results.bareNodeStart.summary.n})`],
      ],
    ),
  ].join('\n');
}

function scenarioSection(result: ScenarioResult): string {
  const table = scenarioTable(result);
  const timelines = timelineSection(result);
  const facts = Object.entries(result.facts).map(([name, value]) => `${name}: ${String(value)}`).join('; ');
  const example = result.rows.find((row) => row.strategy !== 'sequential') ?? result.rows[0];
  return [
    `## Scenario \`${result.scenario}\``,
    '',
    `${result.summary}. ${result.items} items. ${facts}.`,
    '',
    markdownTable(table.head, table.rows.map((row) => row.cells)),
    '',
    `**${verdict(result)}**`,
    '',
    ...result.notes.map((note) => `- ${note}`),
    '',
    ...(timelines.length === 0 ? [] : ['```text', ...timelines, '```', '']),
    example === undefined
      ? ''
      : `Check a row against the operating system yourself: \`/usr/bin/time -v ${example.command.join(' ')}\``,
  ].join('\n');
}

const LEGEND = `## How to read the tables

- **Real** is wall-clock time of one trial, a fresh Node process, from start to exit, as \`time\` reports it.
  **User** and **Sys** are the CPU seconds of that process and every thread and child process it started,
  summed over all cores: above Real means more than one core worked at once.
- **CPU util** = (User + Sys) / (Real x cores): the share of the whole machine the trial kept busy.
- **Start-up** is the pool's \`start()\` (spawning and warming workers); **Work** is the timed work window.
- Figures are the median ± standard deviation of the measured trials; strategies ran interleaved, one
  trial each per round, so drift on a noisy machine hits them all alike. **Speedup** is the sequential
  row's median over this row's, with the error propagated from both spreads.
- Every trial's outputs were hashed and compared with the sequential run's; a mismatch fails the row.`;

/** The whole run as a markdown report: context, then each scenario's table, verdict and notes. */
export function renderMarkdown(results: RunResults): string {
  return [
    `# parabench report${results.interrupted ? ' (interrupted: rows completed so far)' : ''}`,
    '',
    contextSection(results),
    '',
    ...(results.notes.length > 0 ? ['## Notes', '', ...results.notes.map((note) => `- ${note}`), ''] : []),
    ...results.scenarios.flatMap((s) => [scenarioSection(s), '']),
    LEGEND,
    '',
  ].join('\n');
}
