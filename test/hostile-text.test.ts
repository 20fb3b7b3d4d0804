import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Chalk } from 'chalk';
import { compareRuns } from '../harness/compare/compare.js';
import { renderCompareMarkdown, renderCompareTerminal } from '../harness/compare/render.js';
import { renderCsv } from '../harness/exporters/csv.js';
import { json } from '../harness/exporters/json.js';
import { renderRunSummary } from '../harness/exporters/terminal.js';
import { mergeRuns } from '../harness/merge/merge.js';
import { renderMergeMarkdown, renderMergeTerminal } from '../harness/merge/render.js';
import { chartPlans } from '../harness/report/charts/specs.js';
import { renderMarkdown } from '../harness/report/markdown.js';
import { scenarioNotes } from '../harness/report/notes.js';
import { renderTerminal } from '../harness/report/terminal.js';
import { describeTrial } from '../harness/report/trial-summary.js';
import type { Row, RunResults, ScenarioResult } from '../harness/results/records.js';
import { isFileName } from '../harness/safe-text.js';
import { completedRow, context, failedRow, run, withSpeedups } from './fixtures/results.js';
import { assertInertMarkdown, HOSTILE, HOSTILE_MESSAGE } from './fixtures/hostile.js';

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-hostile-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The trial command a row records, with a --task path that would run a command if pasted unquoted. */
const command = (marker: string): string[] => [
  '/usr/bin/node', 'dist/harness/cli.js', 'trial', '--scenario', 'task', '--task', `/home/me/my tasks/$(touch ${marker})#work.js#work`, '--label', "it's a;b",
];

/** A run whose every user-supplied string is hostile: scenario, summary, facts, labels, messages, lanes, stages, machine. */
function hostileRun(marker: string): RunResults {
  const events = [
    { stage: HOSTILE.script, item: 0, lane: HOSTILE.multiLine, start: 0, end: 0.4 },
    { stage: '```', item: 1, lane: HOSTILE.osc, start: 0.4, end: 0.9 },
  ];
  const sequential = completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [2, 2.1, 1.9], events });
  const withFailure = (row: Row): Row => ({
    ...row,
    command: command(marker),
    trials: row.trials.map((t) => ({ ...t, itemFailures: [{ item: 3, code: 'ERR', message: HOSTILE_MESSAGE }] })),
  });
  const pool = completedRow({ strategy: HOSTILE.img, label: `pool ${HOSTILE.script}`, key: 'pool/w2', workers: 2, reals: [1.1, 1, 1.2], events });
  const failed = failedRow('child-process', `| ${HOSTILE.img}`, 'child-process/w2', HOSTILE_MESSAGE);
  const rows = withSpeedups([withFailure(sequential), withFailure(pool), failed]);
  const facts = { input: HOSTILE.multiLine, items: 10 };
  const scenario: ScenarioResult = {
    scenario: `${HOSTILE.script}${HOSTILE.osc}\`x`,
    summary: HOSTILE.multiLine,
    items: 10,
    facts,
    rows,
    notes: scenarioNotes(rows, facts),
  };
  return { ...run([scenario], context(`${HOSTILE.img}${HOSTILE.ansi}`, { cpuModel: HOSTILE.script, env: { NODE_OPTIONS: HOSTILE.multiLine } })), notes: [HOSTILE_MESSAGE] };
}

test('the markdown report carries no user markup: no HTML, link, heading, table row or escape from names and messages', () => {
  const markdown = renderMarkdown(hostileRun(join(tmp, 'pwned-markup')));
  assertInertMarkdown(markdown);
  assert.ok(markdown.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'the message is shown, escaped');
});

test('the report\'s "check a row" command, pasted into a shell, passes the recorded arguments and runs nothing', () => {
  const marker = join(tmp, 'pwned-report');
  const markdown = renderMarkdown(hostileRun(marker));
  const line = markdown.split('\n').find((l) => l.startsWith('Check a row against the operating system yourself: '));
  assert.ok(line !== undefined);
  const span = /: (`+) ?(.*?) ?\1$/.exec(line);
  assert.ok(span !== null, line);
  const shown = span[2] as string;
  const argv = execFileSync('/bin/sh', ['-c', `set -- ${shown}; printf '%s\\0' "$@"`], { encoding: 'utf8' }).split('\0').slice(0, -1);
  assert.deepEqual(argv, ['/usr/bin/time', '-v', ...command(marker)]);
  assert.equal(existsSync(marker), false, 'pasting the command ran nothing');
});

test('the JSON keeps the raw text: it is data, escaped only where rendered', async () => {
  const results = hostileRun(join(tmp, 'pwned-json'));
  const [file] = (await json.files?.(results, { outDir: tmp, baseName: 'x' })) ?? [];
  const parsed = JSON.parse(file?.content ?? '{}') as RunResults;
  assert.equal(parsed.context.machine, results.context.machine);
  assert.equal(parsed.scenarios[0]?.rows[2]?.state === 'failed' ? parsed.scenarios[0].rows[2].failure : undefined, HOSTILE_MESSAGE);
});

test('terminal output carries no escape sequence of the user: with colour only its own, without colour none', () => {
  const results = hostileRun(join(tmp, 'pwned-terminal'));
  const view = { width: 100, wide: true };
  for (const level of [0, 1] as const) {
    const chalk = new Chalk({ level });
    const text = [renderTerminal(results.scenarios[0] as ScenarioResult, chalk, view), renderRunSummary(results, chalk, view)].join('\n');
    const withoutColour = text.replace(/\u001b\[[0-9;]*m/g, '');
    if (level === 0) assert.equal(withoutColour, text, 'no colour asked, none given');
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(withoutColour), 'no escape or control character but the colours');
    assert.ok(!withoutColour.includes('8;;javascript'), "the hyperlink's target went with its escape");
    assert.ok(withoutColour.includes('click'), 'the visible text stays');
  }
});

test('compare and merge, markdown and terminal, carry no user markup or escape', () => {
  const base = hostileRun(join(tmp, 'pwned-compare'));
  const head = hostileRun(join(tmp, 'pwned-compare'));
  const comparison = compareRuns(base, head, { threshold: 0.05, crossMachine: false, metric: 'real', alpha: 0.05, correction: 'holm' as const, failOnRegression: false });
  assert.ok(comparison.rows.length > 0, 'rows are compared');
  const files = { base: { path: `${HOSTILE.multiLine}.json`, results: base }, head: { path: `${HOSTILE.osc}.json`, results: head } };
  assertInertMarkdown(renderCompareMarkdown(comparison, files.base, files.head));
  const merged = mergeRuns([files.base, files.head]);
  assertInertMarkdown(renderMergeMarkdown(merged));
  const chalk = new Chalk({ level: 0 });
  for (const text of [renderCompareTerminal(comparison, files.base, files.head, chalk), renderMergeTerminal(merged, chalk)]) {
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text), 'no escape or control character');
  }
});

test('`parabench trial` prints a failed item on one line, without its escapes', () => {
  const results = hostileRun(join(tmp, 'pwned-trial'));
  const trial = (results.scenarios[0]?.rows[0] as Extract<Row, { state: 'completed' }>).trials[0];
  const report = { ...trial, threads: undefined, jsThreads: undefined, items: 4, failures: [{ item: 3, code: 'ERR', message: HOSTILE_MESSAGE }], maxRssKiB: 1, processUserSeconds: 0, processSysSeconds: 0, childUserSeconds: 0, childSysSeconds: 0 };
  const text = describeTrial({ scenario: HOSTILE.osc, strategy: 'sequential', workers: 1, concurrency: 1 } as never, report as never);
  const failed = text.split('\n').filter((l) => l.includes('FAILED'));
  assert.equal(failed.length, 1);
  assert.ok(!text.split('\n').some((l) => l.startsWith('# heading')));
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text));
});

test('a CSV cell from user text never reads as a spreadsheet formula', () => {
  const row = completedRow({ strategy: '=HYPERLINK("http://evil","x")', label: '@SUM(1+1)*cmd|"/C calc"!A0', key: 'x', reals: [1] });
  const csv = renderCsv(run([{ scenario: '+cmd', summary: '', items: 1, facts: {}, rows: [row], notes: [] }]));
  const cells = csv.split('\n')[1]?.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((cell) => cell.replace(/,$/, '').replace(/^"|"$/g, '')) ?? [];
  for (const cell of cells) assert.ok(!/^[=+@-]/.test(cell), `a cell opens as text: ${cell}`);
});

test('charts of user names: safe file names, and SVG that holds the names as text, never as elements', async () => {
  const results = hostileRun(join(tmp, 'pwned-chart'));
  const plans = chartPlans(results);
  assert.ok(plans.length > 0, 'the run has charts');
  const { renderSvg } = await import('../harness/report/charts/render.js');
  for (const plan of plans) {
    assert.ok(isFileName(plan.file), plan.file);
    const svg = await renderSvg(plan);
    assert.ok(!/<\s*(script|img)\b|<[^>]*\sonerror\s*=/i.test(svg), `${plan.file}: no element or handler from user text`);
    assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(svg), `${plan.file}: no control character (XML holds none)`);
  }
  const markdown = renderMarkdown(results, { dir: 'x-charts', plans });
  assertInertMarkdown(markdown);
});
