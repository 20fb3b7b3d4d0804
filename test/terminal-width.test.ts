/** Terminal output fits the width it is given: compact tables by default, every column with --wide, long cells wrapped in their column. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { Chalk } from 'chalk';
import stringWidth from 'string-width';
import { renderRunSummary } from '../harness/exporters/terminal.js';
import { renderCompareTerminal } from '../harness/compare/render.js';
import { compareRuns } from '../harness/compare/compare.js';
import { mergeRuns } from '../harness/merge/merge.js';
import { renderMergeTerminal } from '../harness/merge/render.js';
import { renderMarkdown } from '../harness/report/markdown.js';
import { noteLines, renderTerminal, terminalWidth } from '../harness/report/terminal.js';
import { scenarioTable, shownColumns } from '../harness/report/comparison-table.js';
import { fitColumns, terminalTable } from '../harness/report/text-tables.js';
import type { Row, ScenarioResult } from '../harness/results/records.js';
import { completedRow, context, failedRow, fourApproaches, run, scenarioResult, summary } from './fixtures/results.js';

const WIDTHS = [80, 100, 160] as const;

/** Every line's width as a terminal shows it: escapes stripped, wide characters counted twice. */
function widest(text: string): { width: number; line: string } {
  return text
    .split('\n')
    .map((line) => ({ width: stringWidth(stripVTControlCharacters(line)), line }))
    .reduce((a, b) => (b.width > a.width ? b : a), { width: 0, line: '' });
}

function assertFits(text: string, width: number, what: string): void {
  const { width: found, line } = widest(text);
  assert.ok(found <= width, `${what}: a line is ${found} characters wide, over ${width}:\n${line}`);
}

/** Notes with a long sentence and a long unbroken token, as notes may carry a user's text. */
const LONG_NOTES = [
  'promise c2 kept 1.49 cores busy on average although its JavaScript runs on one thread: the work ran in native code on libuv\'s thread pool (UV_THREADPOOL_SIZE 4 (default)), as NumPy escapes the GIL in document 001.',
  `${'a-very-long-unbroken-token-'.repeat(8)}end`,
];

/** A scenario with everything that makes lines long: sweep labels, a multi-line failure, long notes, an efficiency bound. */
function crowded(scenario = 'io', focus?: ScenarioResult['focus']): ScenarioResult {
  const rows: Row[] = [
    ...fourApproaches(),
    completedRow({ strategy: 'worker-threads', label: 'worker-threads x2 c4 chunk 100 sampling 250ms', key: 'worker-threads/w2/k100', workers: 2, reals: [1.05, 1.1, 1.15] }),
    failedRow('cluster', 'cluster x2', 'cluster/w2', 'trial exited with code 1:\nError: item 7 failed: worker 0 exited with code 7 while it held items 7, 8 and 9 of the batch, so they were retried elsewhere and failed again'),
  ];
  const base = scenarioResult(rows, 200, scenario);
  const withBound = base.rows.map((row) =>
    row.state === 'completed' ? { ...row, summary: { ...row.summary, efficiency: summary(0.93) } } : row,
  );
  return {
    ...base,
    summary: 'I/O-bound: fetch resources from a loopback HTTP server (latency per request) with fetch, every body verified',
    rows: withBound,
    ...(focus === undefined ? {} : { focus }),
  };
}

test('every line of the scenario table, verdict and notes fits 80, 100 and 160 columns, compact and wide', () => {
  for (const width of WIDTHS) {
    for (const wide of [false, true]) {
      for (const chalk of [new Chalk({ level: 0 }), new Chalk({ level: 3 })]) {
        assertFits(renderTerminal(crowded(), chalk, { width, wide }), width, `scenario at ${width}${wide ? ' --wide' : ''} (colour level ${chalk.level})`);
      }
      assertFits(noteLines(LONG_NOTES, { width, wide, allNotes: true }).join('\n'), width, `long notes at ${width}`);
    }
  }
});

test('the decision matrix and projections fit, compact and wide', () => {
  const results = run([crowded('io'), crowded('cpu'), { ...crowded('api'), scalesWithItems: false }]);
  for (const width of WIDTHS) {
    for (const wide of [false, true]) assertFits(renderRunSummary(results, new Chalk({ level: 0 }), { width, wide }), width, `summary at ${width}${wide ? ' --wide' : ''}`);
  }
});

test('compare and merge fit the width too', () => {
  const base = run([scenarioResult(fourApproaches())]);
  const head = run([scenarioResult(fourApproaches(1.2))], context('elsewhere', { cores: 1, cpuModel: 'A much longer CPU model name with a clock speed @ 3.20GHz' }));
  const comparison = compareRuns(base, head, { threshold: 0.05, crossMachine: true, metric: 'real', alpha: 0.05, correction: 'holm' as const, failOnRegression: false });
  const merged = mergeRuns([{ path: 'results/a-very/long/path/to/two-cores.json', results: base }, { path: 'results/one-core.json', results: head }]);
  for (const width of WIDTHS) {
    assertFits(renderCompareTerminal(comparison, { path: 'two-cores.json', results: base }, { path: 'one-core.json', results: head }, new Chalk({ level: 0 }), width), width, `compare at ${width}`);
    assertFits(renderMergeTerminal(merged, new Chalk({ level: 0 }), width), width, `merge at ${width}`);
  }
});

test('the compact table: approach, real, user, sys, CPU util, speedup and the scenario\'s focus', () => {
  const compact = ['Approach', 'Real', 'User', 'Sys', 'CPU util', 'Speedup'];
  assert.deepEqual([...scenarioTable(crowded('cpu'), 'compact').head], [...compact, 'Work speedup'], 'no focus: the work-window speedup');
  assert.deepEqual([...scenarioTable(crowded('io', ['efficiency']), 'compact').head], [...compact, 'Efficiency']);
  assert.deepEqual([...scenarioTable(crowded('overhead', ['per-item']), 'compact').head], [...compact, 'Per item']);
  // A focus column the results lack (no bound measured) falls back to the default.
  const noBound = scenarioResult(fourApproaches(), 10, 'io');
  assert.deepEqual([...scenarioTable({ ...noBound, focus: ['efficiency'] }, 'compact').head], [...compact, 'Work speedup']);
  // --wide and markdown keep every column.
  const every = ['Approach', 'Real', 'User', 'Sys', 'CPU util', 'Start-up', 'Work', 'Per item', 'Peak RSS', 'Speedup', 'Work speedup', 'Efficiency'];
  assert.deepEqual([...scenarioTable(crowded('io', ['efficiency']), 'wide').head], every);
  assert.deepEqual(shownColumns(crowded('io', ['efficiency']), 'wide').map((c) => c.head), every);
  const markdown = renderMarkdown(run([crowded('io', ['efficiency'])]));
  assert.ok(markdown.includes(`| ${every.join(' | ')} |`), 'markdown has every column');
  // Compact cells are shorter where it helps: user and sys without their spread.
  const row = scenarioTable(crowded('cpu'), 'compact').rows[0]?.cells ?? [];
  assert.deepEqual([...row].slice(0, 4), ['sequential', '2.00 ± 0.00 s', '1.80 s', '200 ms']);
});

test('long cells wrap inside their column; a FAILED row\'s message spans the columns after it', () => {
  const text = stripVTControlCharacters(renderTerminal(crowded(), new Chalk({ level: 0 }), { width: 80, wide: false }));
  assert.ok(text.includes('FAILED'));
  // The failure's words all appear, on lines of their own, and the table never goes past 80 columns.
  for (const word of ['retried', 'elsewhere', 'batch,']) assert.ok(text.includes(word), word);
  const table = {
    head: ['A', 'B', 'C'],
    rows: [{ cells: ['x', 'y', 'w'], tone: 'plain' as const }, { cells: ['z', 'a long message that goes on', ''], tone: 'failed' as const, spanLast: true }],
  };
  assert.deepEqual(fitColumns(table, 12), [1, 1, 5], 'the spanning cell takes only the room left over');
  assert.deepEqual(fitColumns(table, 40), [1, 1, 24], 'where there is room, the spanning cell sits on one line');
  for (const width of [12, 40]) assertFits(terminalTable(table, new Chalk({ level: 0 }), width), width, 'spanning row');
  assert.ok(terminalTable(table, new Chalk({ level: 0 }), 40).includes('a long message that goes on'));
});

test('a table that fits is drawn at its natural widths, on one line per row', () => {
  const table = { head: ['Approach', 'Real'], rows: [{ cells: ['sequential', '784 ± 28 ms'], tone: 'plain' as const }] };
  assert.deepEqual(fitColumns(table, 100), [10, 11]);
  const lines = terminalTable(table, new Chalk({ level: 0 }), 100).split('\n');
  assert.deepEqual(lines, ['Approach    Real', '─'.repeat(24), 'sequential  784 ± 28 ms']);
});

test('the width: the terminal\'s own; otherwise COLUMNS when it is a positive whole number; otherwise 100', () => {
  assert.equal(terminalWidth({ isTTY: true, columns: 132 }, { COLUMNS: '80' }), 132);
  assert.equal(terminalWidth({ isTTY: false }, { COLUMNS: '80' }), 80);
  assert.equal(terminalWidth({}, { COLUMNS: '160' }), 160);
  assert.equal(terminalWidth({}, {}), 100);
  for (const bad of ['', 'wide', '0', '-5', '80.5']) assert.equal(terminalWidth({}, { COLUMNS: bad }), 100, `COLUMNS=${bad}`);
});

test('the terminal shows the notes that matter most within ten lines, says how many more the report holds, and shows all with --notes all', () => {
  const notes = [
    'worker-threads x2 FAILED: item 3 failed: boom',
    ...Array.from({ length: 30 }, (_, i) => `note ${i}: ${'a detail of the measurements that takes some room '.repeat(2)}`),
  ];
  const compact = noteLines(notes, { width: 100, wide: false }).join('\n');
  const shown = compact.split('\n').filter((line) => /^ {2}- |^ {4}\S/.test(line));
  assert.ok(shown.length <= 10, `at most ten lines of notes, got ${shown.length}`);
  assert.match(compact, /worker-threads x2 FAILED: item 3 failed: boom/, 'the first note is always shown');
  const more = /\((\d+) more notes in the markdown report; `--notes all` shows every note and timeline here\)/.exec(compact);
  assert.ok(more !== null, compact);
  const listed = compact.split('\n').filter((line) => line.startsWith('  - ')).length;
  assert.equal(Number(more[1]) + listed, notes.length);
  const all = noteLines(notes, { width: 100, wide: false, allNotes: true }).join('\n');
  assert.equal(all.split('\n').filter((line) => line.startsWith('  - ')).length, notes.length);
  assert.doesNotMatch(all, /more notes in the markdown report/);
});

test('the terminal gives the decision and its reason right under the tables, before any note', () => {
  const result = scenarioResult(fourApproaches());
  const text = renderTerminal(result, new Chalk({ level: 0 }), { width: 100, wide: false });
  const lines = text.split('\n');
  const decision = lines.findIndex((line) => line.startsWith('Decision: '));
  assert.ok(decision > 0, text);
  assert.match(lines.slice(decision).join(' '), /^Decision: (Use|Stay) /);
  const firstNote = lines.findIndex((line) => line.startsWith('  - '));
  assert.ok(firstNote > 0, `the data gives notes: ${text}`);
  assert.ok(decision < firstNote, 'the decision comes before the notes');
});
