/** The markdown report: context, decision matrix, each scenario's tables, notes, charts and timelines. */
import { threadAccountOf } from '../instruments/threads.js';
import { noteOptions, runNotesOf, scenarioNotesOf } from './notes.js';
import { usableCores } from '../measure/context.js';
import type { ChartPlan } from './charts/specs.js';
import { bytes, coresAvailable, duration } from './format.js';
import { byScenario, decisionTable, foreignLoadThreshold, projectable, projectionMethod, projectionTable, serialFractionReading, serialFractionTable, winnerChangeLines } from './tables.js';
import type { Row, RunResults, ScenarioResult } from '../results/records.js';
import { scenarioTable, verdict, type Table } from './comparison-table.js';
import { markdownTable } from './text-tables.js';
import { instrumentParts } from './instrument-tables.js';
import { timelineSection } from './timeline.js';
import { threadTable } from './thread-table.js';
import { isReferenceRow } from '../results/row-kinds.js';
import { RUNTIME_SETTINGS, seenValue, settingValue } from '../settings/registry.js';
import { PREFETCH_BUDGET_MS } from '../../strategies/pool/schedule.js';
import { markdownCode, markdownCodeBlock, markdownText, shellAssignment, shellLine } from '../safe-text.js';

/** Charts drawn beside the report: the folder (relative to the report) and what is in it. */
export interface ChartLinks {
  readonly dir: string;
  readonly plans: readonly Pick<ChartPlan, 'scenarioIndex' | 'title' | 'file'>[];
}

const tableOf = (table: Table): string => markdownTable(table.head, table.rows.map((row) => row.cells));

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
        ['CPU', `${c.cpuModel}, ${coresAvailable(c)} available`],
        ['Memory', bytes(c.memoryBytes)],
        ['OS', `${c.os} (${c.arch})`],
        ['Node', `${c.node} (V8 ${c.v8})`],
        ...(c.sharp === undefined ? [] : [['sharp / libvips', `${c.sharp} / ${c.libvips ?? 'unknown'}`]]),
        ['git commit', c.gitCommit ?? 'unknown'],
        ['Started', c.startedAt],
        ['user/sys from', c.timeMethod],
        ['Environment', env],
        ['Bare Node start', `${duration(results.bareNodeStart.summary.median)} (median of ${results.bareNodeStart.summary.n})`],
      ],
    ),
  ].join('\n');
}

function scenarioSection(results: RunResults, index: number, charts: ChartLinks | undefined): string {
  const result = results.scenarios[index] as ScenarioResult;
  const table = scenarioTable(result);
  const sized = results.scenarios.filter((s) => s.scenario === result.scenario).length > 1;
  const timelines = timelineSection(result);
  const facts = Object.entries(result.facts).map(([name, value]) => `${name}: ${String(value)}`).join('; ');
  const example = result.rows.find((row) => !isReferenceRow(row)) ?? result.rows[0];
  return [
    `## Scenario ${markdownCode(result.scenario)}${sized ? ` at ${result.items} items` : ''}`,
    '',
    markdownText(`${result.summary}. ${result.items} items. ${facts}.`),
    '',
    markdownTable(table.head, table.rows.map((row) => row.cells)),
    '',
    `**${markdownText(verdict(result))}**`,
    '',
    ...scenarioNotesOf(result, noteOptions(results.parameters)).map((note) => `- ${markdownText(note)}`),
    '',
    ...whereSection(result),
    ...instrumentSections(result),
    ...chartSection(result, index, charts),
    ...serialFractionSection(result, usableCores(results.context)),
    ...(timelines.length === 0 ? [] : [...markdownCodeBlock(timelines, 'text'), '']),
    example === undefined
      ? ''
      : `Check a row against the operating system yourself: ${markdownCode([...rowEnvironment(example), shellLine(['/usr/bin/time', '-v', ...example.command])].join(' '))}`,
  ].join('\n');
}

/**
 * The variables a row's runtime settings set in its trials' environment, as the words that start a
 * shell line ("UV_THREADPOOL_SIZE=4"): each as a trial saw it (so GLIBC_TUNABLES carries what the
 * environment had too), else as the setting makes it from nothing.
 */
function rowEnvironment(row: Row): string[] {
  return RUNTIME_SETTINGS.flatMap((setting) => {
    const { variable } = setting;
    const value = settingValue(row, setting);
    if (variable === undefined || value === undefined) return [];
    const seen = row.trials.map((t) => seenValue(t, variable)).find((v) => typeof v === 'string');
    const shown = seen ?? variable.value(value, undefined);
    return shown === undefined || shown === null ? [] : [shellAssignment(variable.name, shown)];
  });
}

/** Each instrument's table and notes (`--instruments`), as the instrument reads its own slots. */
function instrumentSections(result: ScenarioResult): string[] {
  return instrumentParts(result).filter((part) => part.table !== undefined || part.notes.length > 0).flatMap((part) => [
    `### Instrument ${markdownCode(part.name)}`,
    '',
    ...(part.measures === '' ? [] : [markdownText(part.measures), '']),
    ...(part.table === undefined ? [] : [markdownTable(part.table.head, part.table.rows.map((row) => row.cells)), '']),
    ...part.notes.map((note) => `- ${markdownText(note)}`),
    ...(part.notes.length === 0 ? [] : ['']),
  ]);
}

function whereSection(result: ScenarioResult): string[] {
  const table = threadTable(result);
  if (table === undefined) return [];
  const method = result.rows.flatMap((row) => row.trials).map(threadAccountOf).find((threads) => threads?.available === true);
  return [
    '### Where the CPU went',
    '',
    'Cores kept busy in the work window by thread kind (CPU seconds per second of window, medians over the measured trials), read per thread from /proc; GC pauses from perf_hooks; event-loop utilisation from performance.eventLoopUtilization(). "Waiting for a core" and "blocked" are shares of the JavaScript threads\' time (schedstat run-queue delay; the rest of the window off a core). Foreign load: cores other processes kept busy while the trials ran.',
    '',
    tableOf(table),
    '',
    ...(method?.available === true ? [`How threads were told apart: ${method.method}.`, ''] : []),
  ];
}

function chartSection(result: ScenarioResult, index: number, charts: ChartLinks | undefined): string[] {
  const mine = charts?.plans.filter((plan) => plan.scenarioIndex === index) ?? [];
  if (charts === undefined || mine.length === 0) return [];
  const link = (file: string): string => encodeURI(`${charts.dir}/${file}`);
  return ['### Charts', '', ...mine.flatMap((plan) => [`![${markdownText(`${result.scenario}: ${plan.title}`)}](${link(plan.file)})`, '']), ''];
}

function serialFractionSection(result: ScenarioResult, cores: number): string[] {
  const table = serialFractionTable(result, cores);
  if (table === undefined) return [];
  return [
    '### Serial fraction (Karp-Flatt)',
    '',
    'e = (1/S - 1/p) / (1 - 1/p) from each pool\'s work-window speedup S on p processors (its workers, capped at the cores or at a CPU quota below them).',
    '',
    tableOf(table),
    '',
    ...serialFractionReading(result, cores).map((line) => `- ${markdownText(line)}`),
    '',
  ];
}

function projectionSection(sizes: readonly ScenarioResult[]): string {
  const name = (sizes[0] as ScenarioResult).scenario;
  return [`## Projection: ${markdownCode(name)} at document 000's sizes`, '', markdownText(projectionMethod(sizes)), '', tableOf(projectionTable(sizes)), ''].join('\n');
}

function decisionSection(results: RunResults): string[] {
  if (results.scenarios.length === 0) return [];
  return [
    '## Decision matrix',
    '',
    'Document 000\'s matrix filled with this machine\'s measurements. "Behaved as" reads the sequential run\'s CPU seconds per real second in its work window: 0.7 or more is CPU-bound, 0.3 or less I/O-bound, between is mixed (on a busy machine, waiting for a core lowers it too). Speedups are on real time, median over median.',
    '',
    tableOf(decisionTable(results.scenarios, foreignLoadThreshold(results))),
    '',
    ...winnerChangeLines(results.scenarios).flatMap((line) => [markdownText(line), '']),
  ];
}

const LEGEND = `## How to read the tables

- **Real** is wall-clock time of one trial, a fresh Node process, from start to exit, as \`time\` reports it.
  **User** and **Sys** are the CPU seconds of that process and every thread and child process it started,
  summed over all cores: above Real means more than one core worked at once.
- **CPU util** = (User + Sys) / (Real x cores): the share of the whole machine the trial kept busy.
- **Start-up** is the executor's \`start()\`: spawning and warming a pool's workers, and importing the scenario's task modules (in each worker; on the trial's thread for sequential and promise). **Work** is the timed work window.
- Figures are the median ± standard deviation of the measured trials; strategies ran interleaved, one
  trial each per round, so drift on a noisy machine hits them all alike. **Speedup** is the sequential
  row's median over this row's, with the error propagated from both spreads.
- **independent xN** is the ceiling: the row's items split over N copies of the sequential trial, run as
  N processes at once, no pool (copy 1 the first share, copy 2 the next; shares differ by one item at most).
  Its Real, User and Sys are those of all copies together, as \`time\` reports a shell running them in
  parallel; its Work is the longest copy's work window, and its speedups are the sequential row's times over
  its own, as for every row (the copies run the same items between them). **Of ceiling** is a row's items per second of work window over
  the ceiling's combined rate (each copy's items over its own work window, summed, so the copies' fixed-share tail is left out)
  at as many copies as the row has workers (promise: items in flight).
- **How a pool hands out work**: worker-threads, child-process and cluster give each batch to the first
  worker with a free slot (\`--per-worker\` slots each), as multiprocessing's Pool and piscina do. A batch is
  sent to a busy worker ahead of time only while batches are known short: their measured run time averages
  under ${PREFETCH_BUDGET_MS} ms, where the message round trip, not the work, is the cost.
- Every trial's outputs were hashed and compared with the sequential run's; a mismatch fails the row.`;

/**
 * The whole run as a markdown report: context, the decision matrix, then each scenario's table,
 * verdict, notes, charts and serial fraction, and each scenario's projection.
 */
export function renderMarkdown(results: RunResults, charts?: ChartLinks): string {
  const scenarioSections = byScenario(results.scenarios).flatMap((sizes) => [
    ...sizes.map((size) => scenarioSection(results, results.scenarios.indexOf(size), charts)),
    ...(projectable(sizes) ? [projectionSection(sizes)] : []),
  ]);
  const notes = runNotesOf(results);
  return [
    `# parabench report${results.interrupted ? ' (interrupted: rows completed so far)' : ''}`,
    '',
    contextSection(results),
    '',
    ...(notes.length > 0 ? ['## Notes', '', ...notes.map((note) => `- ${markdownText(note)}`), ''] : []),
    ...decisionSection(results),
    ...scenarioSections.flatMap((section) => [section, '']),
    LEGEND,
    '',
  ].join('\n');
}
