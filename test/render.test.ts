import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chalk } from 'chalk';
import type { Context } from '../harness/measure/context.js';
import { context as fixtureContext } from './fixtures/results.js';
import { renderMarkdown } from '../harness/report/markdown.js';
import { colours, renderTerminal } from '../harness/report/terminal.js';
import { SCHEMA_VERSION, type Row, type RowSummary, type RunResults, type ScenarioResult } from '../harness/results/records.js';
import type { Ratio, Summary } from '../harness/statistics/summary.js';
import { COLUMNS, scenarioTable, verdict } from '../harness/report/comparison-table.js';

const HEAD = ['Approach', 'Real', 'User', 'Sys', 'CPU util', 'Start-up', 'Work', 'Per item', 'Peak RSS', 'Speedup', 'Work speedup'];
const ANSI = /\u001b\[/;

function summary(median: number, sd = 0): Summary {
  return { n: 3, median, mean: median, sd, min: median - sd, max: median + sd, mad: sd, rme: 0, cv: median === 0 ? 0 : sd / median };
}

function rowSummary(real: number, work: number, speedup: { real: Ratio; work: Ratio } | null): RowSummary {
  return {
    realSeconds: summary(real, real / 20),
    userSeconds: summary(real * 1.5, 0.01),
    sysSeconds: summary(0.05, 0.001),
    startupSeconds: summary(0.03, 0.002),
    workSeconds: summary(work, 0.01),
    workCpuSeconds: summary(work * 1.5, 0.01),
    workPerItemSeconds: summary(work / 100, 0.0001),
    peakRssBytes: summary(64 * 1024 * 1024),
    cpuUtilisation: summary(0.75, 0.01),
    efficiency: null,
    speedup,
  };
}

const base = { chunkSize: 1, sampleIntervalMs: 100, params: {}, trials: [] } as const;

function completed(strategy: string, label: string, workers: number, real: number, work: number, speedup: { real: Ratio; work: Ratio } | null): Row {
  return {
    ...base,
    key: workers > 1 ? `${strategy}/w${workers}` : strategy,
    label,
    strategy,
    workers,
    concurrency: 1,
    command: ['node', 'dist/harness/cli.js', 'trial', '--strategy', strategy],
    state: 'completed',
    summary: rowSummary(real, work, speedup),
  };
}

const failed: Row = {
  ...base,
  key: 'child-process/w2',
  label: 'child-process x2',
  strategy: 'child-process',
  workers: 2,
  concurrency: 1,
  command: ['node', 'dist/harness/cli.js', 'trial', '--strategy', 'child-process'],
  state: 'failed',
  failure: 'item 1 failed: worker 0 exited | code 7',
};

const sequential = completed('sequential', 'sequential', 1, 2, 1.5, { real: { value: 1, error: 0.07 }, work: { value: 1, error: 0.01 } });
const threads = completed('worker-threads', 'worker-threads x2', 2, 1, 0.6, { real: { value: 2, error: 0.1 }, work: { value: 2.5, error: 0.2 } });

function scenario(rows: readonly Row[]): ScenarioResult {
  return {
    scenario: 'cpu',
    summary: 'CPU-bound: thumbnails',
    items: 12,
    facts: { sharpVersion: '0.34.5', items: 12 },
    rows,
  };
}

const result = scenario([sequential, threads, failed]);

const context: Context = fixtureContext('test-machine', { gitCommit: null });

const run: RunResults = {
  schemaVersion: SCHEMA_VERSION,
  tool: { name: 'parabench', version: '0.1.0' },
  context,
  parameters: { scenarios: ['cpu'], workers: [2] },
  bareNodeStart: { samples: [0.05, 0.05, 0.05], summary: summary(0.05) },
  scenarios: [result],
  interrupted: false,
};

const FASTER = 'cpu: worker-threads x2 ran 2.00 ± 0.10 times faster than sequential (work window: 2.50 ± 0.20 times faster).';

test('scenarioTable has the documents\' columns and one row per row, a failed row shown as FAILED', () => {
  const table = scenarioTable(result);
  assert.deepEqual([...table.head], HEAD);
  assert.deepEqual(COLUMNS.map((column) => column.head), [...HEAD, 'Efficiency', 'Of ceiling'], 'Efficiency and Of ceiling are shown only where a run has them');
  assert.equal(table.rows.length, 3);
  for (const row of table.rows) assert.equal(row.cells.length, HEAD.length);
  assert.deepEqual(
    table.rows.map((row) => row.tone),
    ['baseline', 'best', 'failed'],
  );
  assert.deepEqual([...(table.rows[1]?.cells ?? [])], [
    'worker-threads x2',
    '1.00 ± 0.05 s',
    '1.50 ± 0.01 s',
    '50.0 ± 1.0 ms',
    '75%',
    '30.0 ± 2.0 ms',
    '600 ± 10 ms',
    '6.00 ms',
    '64.0 MiB',
    '2.00 ± 0.10x',
    '2.50 ± 0.20x',
  ]);
  // sequential's start() imports the task's module too: its start-up is measured and shown like a pool's.
  assert.equal(table.rows[0]?.cells[5], '30.0 ± 2.0 ms');
  const failedCells = table.rows[2]?.cells ?? [];
  assert.equal(failedCells[0], 'child-process x2');
  assert.equal(failedCells[1], 'FAILED');
  assert.equal(failedCells[2], 'item 1 failed: worker 0 exited | code 7');
});

test('verdict names the fastest row and its speedups with their errors', () => {
  assert.equal(verdict(result), FASTER);
});

test('verdict says "slower" when the fastest strategy is slower than sequential', () => {
  const slow = completed('worker-threads', 'worker-threads x2', 2, 4, 3, { real: { value: 0.5, error: 0.02 }, work: { value: 0.5, error: 0 } });
  const text = verdict(scenario([sequential, slow]));
  assert.match(text, /^cpu: worker-threads x2 ran 2\.00 ± 0\.08 times slower than sequential/);
  assert.match(text, /work window: 2\.00 ± 0\.00 times slower/);
  assert.doesNotMatch(text, /faster/);
});

test('verdict without another completed row, and without a baseline', () => {
  assert.equal(verdict(scenario([sequential, failed])), 'cpu: no strategy completed besides the baseline.');
  const alone = completed('worker-threads', 'worker-threads x2', 2, 1, 0.6, null);
  assert.equal(verdict(scenario([alone])), 'cpu: worker-threads x2 was fastest (no sequential baseline to compare with).');
});

test('renderMarkdown: context, the table with exact headers, the FAILED row, the verdict and the notes read off the data', () => {
  const markdown = renderMarkdown(run);
  assert.match(markdown, /^# parabench report\n/);
  assert.ok(markdown.includes('| Approach | Real | User | Sys | CPU util | Start-up | Work | Per item | Peak RSS | Speedup | Work speedup |'));
  assert.ok(markdown.includes('|---|---|---|---|---|---|---|---|---|---|---|'));
  assert.ok(markdown.includes('| sequential | 2.00 ± 0.10 s |'));
  assert.ok(markdown.includes('| worker-threads x2 | 1.00 ± 0.05 s | 1.50 ± 0.01 s | 50.0 ± 1.0 ms | 75% | 30.0 ± 2.0 ms | 600 ± 10 ms | 6.00 ms | 64.0 MiB | 2.00 ± 0.10x | 2.50 ± 0.20x |'));
  // A pipe inside a cell is escaped, so the FAILED row keeps its columns.
  assert.ok(markdown.includes('| child-process x2 | FAILED | item 1 failed: worker 0 exited \\| code 7 |'));
  assert.ok(markdown.includes(`**${FASTER}**`));
  assert.ok(markdown.includes('- child-process x2 FAILED: item 1 failed: worker 0 exited \\| code 7'), 'the failed row\'s note, from its failure');
  assert.ok(markdown.includes('- A bare Node start (`node -e 0`) took 50 ms (median of 3)'), 'the run\'s note, from its bare starts');
  assert.ok(markdown.includes('| Machine | test-machine |'));
  assert.ok(markdown.includes('## Scenario `cpu`'));
  assert.ok(!ANSI.test(markdown));
  // Every line of the scenario table has the same number of (unescaped) column separators.
  const section = markdown.slice(markdown.indexOf('## Scenario `cpu`'), markdown.indexOf(`**${FASTER}**`));
  const tableLines = section.split('\n').filter((line) => line.startsWith('|') && line.split(/(?<!\\)\|/).length > 5);
  assert.equal(tableLines.length, 5, 'header, separator and three rows');
  for (const line of tableLines) assert.equal(line.split(/(?<!\\)\|/).length, HEAD.length + 2, line);
});

test('renderMarkdown keeps a FAILED row on one table line when its failure has several lines', () => {
  const multiline: Row = { ...(failed as Extract<Row, { state: 'failed' }>), failure: 'trial exited with code 1:\nError: boom\n    at task (file:///x.js:1:1)' };
  const markdown = renderMarkdown({ ...run, scenarios: [scenario([sequential, threads, multiline])] });
  const rowLine = markdown.split('\n').find((line) => line.startsWith('| child-process x2 |'));
  assert.ok(rowLine !== undefined);
  assert.equal(rowLine.split(/(?<!\\)\|/).length, HEAD.length + 2, `the FAILED row is cut short: ${rowLine}`);
  assert.ok(rowLine.includes('trial exited with code 1:'));
  assert.ok(rowLine.includes('boom'));
});

test('renderMarkdown marks an interrupted run', () => {
  assert.match(renderMarkdown({ ...run, interrupted: true }), /^# parabench report \(interrupted/);
});

test('renderTerminal --wide shows the headers, every row, FAILED, the verdict and the notes', () => {
  const text = renderTerminal(result, colours({ NO_COLOR: '1' }), { width: 400, wide: true });
  for (const header of HEAD) assert.ok(text.includes(header), header);
  for (const label of ['sequential', 'worker-threads x2', 'child-process x2']) assert.ok(text.includes(label), label);
  assert.ok(text.includes('FAILED'));
  assert.ok(text.includes(FASTER));
  assert.ok(text.includes('  - child-process x2 FAILED: item 1 failed'));
  assert.ok(text.includes('Scenario cpu: CPU-bound: thumbnails (12 items)'));
});

test('NO_COLOR turns colours off; a colour terminal gets ANSI escapes', () => {
  assert.equal(colours({ NO_COLOR: '1' }).level, 0);
  assert.doesNotMatch(renderTerminal(result, colours({ NO_COLOR: '1' })), ANSI);
  assert.match(renderTerminal(result, new Chalk({ level: 1 })), ANSI);
});
