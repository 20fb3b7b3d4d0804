/** compare's verdicts: Welch's t-test on log times per row, the correction over rows, what a row could see, undecided rows under a gate, the notes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Chalk } from 'chalk';
import { compareRuns, machineDifferences, regressions } from '../harness/compare/compare.js';
import { compareTable, renderCompareMarkdown, renderCompareTerminal } from '../harness/compare/render.js';
import { couldSee } from '../harness/compare/table.js';
import type { Row, RunResults, ScenarioResult } from '../harness/results/records.js';
import { asRun, COLUMN, NOISY, options, rotated, runOf, scaled, SIX } from './fixtures/compare.js';
import { completedRow, context, run, scenarioResult } from './fixtures/results.js';
import { assertInertMarkdown } from './fixtures/hostile.js';

test('the same samples: every row "~", no regression', () => {
  const c = compareRuns(runOf(SIX), runOf(SIX), options);
  assert.deepEqual(c.rows.map((r) => [r.name, r.verdict]), [
    ['cpu (10 items) sequential', '~'],
    ['cpu (10 items) worker-threads x2', '~'],
  ]);
  assert.equal(c.rows[1]?.test?.p, 1, 'equal means: t = 0, p exactly 1');
  assert.equal(c.rows[1]?.test?.ratio, 1);
  assert.equal(c.rows[1]?.adjustedP, 1);
  assert.deepEqual(regressions(c), []);
  assert.deepEqual(compareTable(c).rows.map((r) => r.cells[COLUMN.change]), ['~', '~']);
  assert.deepEqual(compareTable(c).rows.map((r) => r.cells[COLUMN.p]), ['1.000', '1.000']);
  assert.deepEqual(compareTable(c).head.slice(COLUMN.couldSee, COLUMN.p + 1), ['Could see', 'p (Holm)']);
});

test('20% slower on every trial: a significant regression beyond 5%, but only "worse" under a 30% threshold', () => {
  const c = compareRuns(runOf(SIX), runOf(scaled(SIX, 1.2)), options);
  const row = c.rows.find((r) => r.name.endsWith('worker-threads x2'));
  assert.equal(row?.verdict, 'regression');
  assert.ok(Math.abs((row?.test?.ratio ?? 0) - 1.2) < 1e-12, 'every trial 1.2 times: the ratio of geometric means is 1.2');
  // log 1.2 = 0.182 over se = 0.0187 x sqrt(2 / 6) = 0.0108 (SIX's log sd is about 0.0187): t about 17, df 10.
  assert.ok((row?.test?.p ?? 1) < 1e-6, `p = ${row?.test?.p}`);
  assert.ok((row?.adjustedP ?? 1) < 2e-6, 'Holm over two rows at most doubles it');
  assert.ok((row?.test?.low ?? 0) > 1, 'the interval excludes no change');
  assert.deepEqual(regressions(c).map((r) => r.name), ['cpu (10 items) worker-threads x2']);
  const cells = compareTable(c).rows[0]?.cells ?? [];
  assert.equal(cells[0], 'cpu (10 items) worker-threads x2', 'the regression comes first');
  assert.equal(cells[COLUMN.change], '+20.0%');
  assert.equal(cells[COLUMN.p], '<0.001');
  assert.equal(cells[COLUMN.verdict], 'REGRESSION (beyond 5%)');
  assert.equal(compareRuns(runOf(SIX), runOf(scaled(SIX, 1.2)), { ...options, threshold: 0.3 }).rows[1]?.verdict, 'worse');
  assert.equal(compareRuns(runOf(scaled(SIX, 1.2)), runOf(SIX), options).rows[1]?.verdict, 'better');
});

test('3 trials against 3 can be called changed (the t-test has no floor on p); one trial a side cannot be tested, and compare says what to do', () => {
  const c = compareRuns(runOf([1, 1.01, 0.99], context(), 2, [2, 2.1, 1.9]), runOf([2, 2.02, 1.98], context(), 2, [2, 2.1, 1.9]), options);
  assert.equal(c.rows.find((r) => r.name.endsWith('worker-threads x2'))?.verdict, 'regression', 'a doubling with a 1% spread at n = 3');
  const single = compareRuns(runOf([1], context(), 2, [2]), runOf([2], context(), 2, [2]), options);
  assert.deepEqual(single.rows.map((r) => r.verdict), ['untested', 'untested']);
  assert.deepEqual(regressions(single), []);
  assert.ok(
    single.notes.some((n) => /^cpu \(10 items\) sequential, cpu \(10 items\) worker-threads x2: 1 trial on each side, so these 2 rows were not tested: a test needs 2 trials or more on each side, since one trial shows no spread\. Run both sides with more --iterations/.test(n)),
    single.notes.join('\n'),
  );
  const cells = compareTable(single).rows.flatMap((r) => r.cells);
  assert.ok(cells.includes('untested (1 trial on each side)'), cells.join(' | '));
  assert.ok(cells.every((cell) => !/NaN|Infinity/.test(cell)), cells.join(' | '));
});

test('machineDifferences names each field that differs', () => {
  assert.deepEqual(machineDifferences(context('a'), context('a')), []);
  assert.deepEqual(machineDifferences(context('a'), context('b', { cores: 4 })), ['machine: a vs b', 'cores: 2 vs 4']);
});

test('across machines: speedups over each machine\'s own sequential run, pools of different sizes paired by strategy', () => {
  // Machine b is twice as fast in absolute terms, with the same speedup (2x): no change in speedup.
  const a = runOf(SIX, context('a'), 2, scaled(SIX, 2));
  const b = runOf(scaled(SIX, 0.5), context('b', { cores: 4 }), 4, SIX);
  const c = compareRuns(a, b, { ...options, crossMachine: true });
  assert.equal(c.mode, 'speedup');
  assert.deepEqual(c.rows.map((r) => [r.name, r.verdict]), [['cpu (10 items) worker-threads', '~']]);
  assert.ok(Math.abs((c.rows[0]?.base.median ?? 0) - 2) < 0.05, 'speedup about 2 on a');
  // On b the pool only reaches 1.2x: its speedup fell by 40%, a regression.
  const slower = runOf(scaled(SIX, 1 / 1.2), context('b', { cores: 4 }), 4, SIX);
  assert.equal(compareRuns(a, slower, { ...options, crossMachine: true }).rows[0]?.verdict, 'regression');
});

test('rows in one file only are listed, not compared', () => {
  const other = run([scenarioResult([completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: scaled(SIX, 2) })])]);
  const c = compareRuns(runOf(SIX), other, options);
  assert.deepEqual(c.onlyInBase, ['cpu (10 items) worker-threads x2']);
  assert.deepEqual(c.onlyInHead, []);
});

test('compare notes runs whose runtime settings differ, since one value of a setting is not in row names', () => {
  const plain = runOf(SIX);
  const flagged: RunResults = { ...runOf(SIX), parameters: { ...runOf(SIX).parameters, nodeFlagSets: ['--single-threaded-gc'] } };
  const c = compareRuns(plain, flagged, options);
  assert.ok(c.notes.some((n) => /^The runs' settings differ .*nodeFlagSets/.test(n)), c.notes.join('\n'));
});

test('when the sequential row moved as well, compare says the machine\'s load may have', () => {
  const c = compareRuns(runOf(SIX), runOf(scaled(SIX, 1.2), context(), 2, scaled(SIX, 2.4)), options);
  assert.ok(c.notes.some((n) => /^cpu \(10 items\) sequential changed too \(20\.0%\)/.test(n)), c.notes.join('\n'));
});

/** A run of one scenario with a worker-threads row per sample, named by its position: `rows` of them. */
function manyRows(samples: readonly (readonly number[])[], n = 1): RunResults {
  const rows = samples.map((reals, i) =>
    completedRow({ strategy: 'worker-threads', label: `worker-threads x${i + 2}`, key: `worker-threads/w${i + 2}`, workers: i + 2, reals }),
  );
  return asRun(run([scenarioResult(rows)]), n);
}
/** Values whose logs are `logs`. */
const fromLogs = (logs: readonly number[]): number[] => logs.map(Math.exp);
/** SIX in another order, times `factor`: the same spread, the same values but for the factor. */
const shuffled = (i: number, factor = 1): number[] => SIX.map((_, k) => (SIX[(k + i) % SIX.length] as number) * factor);

test('30 rows, one 20% slower with a small spread, the rest moved by noise alone: Holm calls exactly that one', () => {
  // Noise: each row's head is SIX reordered and moved by -0.6% to +0.6%, against a log se of about 1.1%.
  const base = manyRows(Array.from({ length: 30 }, () => SIX), 1);
  const head = manyRows(Array.from({ length: 30 }, (_, i) => (i === 17 ? scaled(SIX, 1.2) : shuffled(i, 1 + 0.003 * ((i % 5) - 2)))), 2);
  const c = compareRuns(base, head, options);
  assert.equal(c.rows.length, 30);
  assert.deepEqual(c.rows.filter((r) => r.verdict !== '~').map((r) => [r.name, r.verdict]), [['cpu (10 items) worker-threads x19', 'regression']]);
  assert.ok(c.rows.some((r) => r.name !== 'cpu (10 items) worker-threads x19' && (r.test?.p ?? 1) < 1), 'the noise moved the other rows');
});

test('30 rows each at p ≈ 0.01 by construction: uncorrected calls all 30, Holm none, and the heading says which was used', () => {
  // Logs c x (-2, -1, 0, 1, 2) a side, head moved by 3.4 c: se = c x sd(-2..2) x sqrt(2/5) = c, so t = 3.4 on 8 df, p = 0.0093.
  const c = 0.02;
  const logs = [-2, -1, 0, 1, 2].map((k) => k * c);
  const base = manyRows(Array.from({ length: 30 }, () => fromLogs(logs)), 1);
  const head = manyRows(Array.from({ length: 30 }, () => fromLogs(logs.map((l) => l + 3.4 * c))), 2);
  const none = compareRuns(base, head, { ...options, correction: 'none' });
  for (const row of none.rows) assert.ok(Math.abs((row.test?.p ?? 0) - 0.0093) < 0.0005, `p = ${row.test?.p}`);
  assert.equal(regressions(none).length, 30, 'each +7.0% with p under 0.05: all called');
  const holm = compareRuns(base, head, options);
  assert.equal(holm.rows.filter((r) => r.verdict !== '~').length, 0, 'Holm: 30 x 0.0093 = 0.28 each');
  for (const row of holm.rows) assert.ok(Math.abs((row.adjustedP ?? 0) - 30 * (row.test?.p ?? 0)) < 1e-12);
  assert.equal(compareRuns(base, head, { ...options, correction: 'bh' }).rows.filter((r) => r.verdict === 'regression').length, 30, 'BH: all equally strong, all called');
  assert.ok(!holm.notes.some((n) => /by chance/.test(n)), 'no count of chance calls: the correction replaced it');
});

test('a "~" row shows its detectable change: exp((t(1 - α/2m, df) + t(0.8, df)) se) - 1, here with the closed-form quantiles of df = 2', () => {
  // Two rows of two trials a side with log variance 0.02: se = sqrt(0.02), df = 2, level α/m = 0.025.
  const base = manyRows([fromLogs([0, 0.2]), fromLogs([1, 1.2])], 1);
  const head = manyRows([fromLogs([0.05, 0.25]), fromLogs([1.05, 1.25])], 2);
  const c = compareRuns(base, head, options);
  const q2 = (p: number): number => (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  const expected = Math.exp((q2(1 - 0.025 / 2) + q2(0.8)) * Math.sqrt(0.02)) - 1; // (6.2057 + 1.0607) x 0.1414: 1.794
  for (const row of c.rows) {
    assert.equal(row.verdict, '~');
    assert.ok(Math.abs((row.detectable ?? 0) - expected) < 1e-6, `${row.detectable} vs ${expected}`);
  }
  const cells = compareTable(c).rows[0]?.cells ?? [];
  assert.equal(cells[COLUMN.change], '~');
  assert.equal(cells[COLUMN.couldSee], `±${(expected * 100).toFixed(1)}%`);
  assert.equal(cells[COLUMN.couldSee], '±179.4%');
  assert.equal(couldSee(12), '>±999%', 'a change of thousands of percent is shown as beyond 999%, not as a long figure');
  assert.equal(couldSee(null), 'n/a');
});

test('a noisy row under a gate is undecided, not passed: it could have missed a 5% regression, and compare says how many trials would decide it', () => {
  const base = runOf(NOISY);
  const head = runOf(rotated(NOISY));
  const plain = compareRuns(base, head, options);
  assert.equal(plain.rows[1]?.verdict, '~', 'without a gate: "~", with its detectable change');
  assert.ok((plain.rows[1]?.detectable ?? 0) > 0.3, `could see ${plain.rows[1]?.detectable}`);
  const gate = compareRuns(base, head, { ...options, failOnRegression: true });
  const row = gate.rows[1];
  assert.equal(row?.verdict, 'undecided');
  assert.equal(gate.rows[0]?.verdict, '~', 'the quiet sequential row is decided');
  assert.ok(row?.trialsNeeded !== null && row?.trialsNeeded !== undefined && row.trialsNeeded > 6, `trials needed: ${row?.trialsNeeded}`);
  assert.deepEqual(regressions(gate), []);
  assert.equal(compareTable(gate).rows[0]?.cells[COLUMN.verdict], 'UNDECIDED (could miss 5%)', 'undecided before unchanged');
});

test('the markdown summary lists regressions, then undecided rows with their trials, then the unchanged rest folded in <details>', () => {
  // Row x2 unchanged and quiet, x3 20% slower, x4 noisy.
  const base = manyRows([SIX, SIX, NOISY], 1);
  const head = manyRows([shuffled(1), scaled(SIX, 1.2), rotated(NOISY)], 2);
  const c = compareRuns(base, head, { ...options, failOnRegression: true });
  const files = { base: { path: 'base.json', results: base }, head: { path: 'head.json', results: head } };
  const markdown = renderCompareMarkdown(c, files.base, files.head);
  assert.match(markdown, /^## parabench compare: 1 regression, 1 undecided, 1 unchanged of 3 rows\n/);
  const at = (text: string): number => {
    const index = markdown.indexOf(text);
    assert.ok(index >= 0, `${text} in:\n${markdown}`);
    return index;
  };
  const order = [
    at('**Changed** (1)'),
    at('| cpu (10 items) worker-threads x3 |'),
    at('**Undecided: the gate could not check these** (1)'),
    at('| cpu (10 items) worker-threads x4 |'),
    at('- cpu (10 items) worker-threads x4: could see only ±'),
    at('<details><summary>1 unchanged row</summary>'),
    at('| cpu (10 items) worker-threads x2 |'),
    at('</details>'),
    at('Could see: the change the row would call with probability 0.80'),
  ];
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'in that order');
  assertInertMarkdown(markdown);
  const terminal = renderCompareTerminal(c, files.base, files.head, new Chalk({ level: 0 }), 250);
  const names = terminal.split('\n').map((line) => /^cpu \(10 items\) (worker-threads x\d)/.exec(line)?.[1]).filter((name) => name !== undefined);
  assert.deepEqual(names, ['worker-threads x3', 'worker-threads x4', 'worker-threads x2'], 'the terminal table in the same order');
  assert.ok(terminal.includes('Could'), 'the terminal shows what each row could see');
  assert.ok(!terminal.includes('p (Holm)'), 'but not the adjusted p, which its verdict reads, to fit 100 columns');
});


test('the compare table shows "n/a", never NaN or Infinity, for a figure that is not finite', () => {
  const infinite = runOf([Number.POSITIVE_INFINITY, ...SIX.slice(1)]);
  const zero = runOf([0, 0, 0, 0, 0, 0]);
  for (const [base, head] of [[runOf(SIX), infinite], [zero, runOf(SIX)], [runOf([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 1, 1, 1, 1]), infinite]] as const) {
    const cells = compareTable(compareRuns(base, head, options)).rows.flatMap((row) => row.cells);
    assert.ok(cells.every((cell) => !/NaN|Infinity/.test(cell)), cells.join(' | '));
  }
});

test('trials run under foreign load are set aside: a head run that other processes slowed reads as no change, and the note says which trials', () => {
  // Head's worker-threads row: six quiet trials like base's, six 30% slower while 0.9 cores of other work ran.
  const loadedHead = (): RunResults => {
    const results = runOf([...SIX, ...scaled(SIX, 1.3)]);
    const rows = results.scenarios[0]?.rows ?? [];
    const row = rows[1] as Row;
    const trials = row.trials.map((t, i) => ({ ...t, foreignLoadCores: i >= 6 ? 0.9 : 0.02 }));
    return { ...results, scenarios: [{ ...(results.scenarios[0] as ScenarioResult), rows: [rows[0] as Row, { ...row, trials }] }] };
  };
  const counted = compareRuns(runOf(SIX), loadedHead(), options);
  assert.equal(counted.rows[1]?.verdict, 'regression', 'counted, the loaded trials read as a regression');
  const setAside = compareRuns(runOf(SIX), loadedHead(), { ...options, maxForeignLoad: 0.25 });
  assert.equal(setAside.rows[1]?.verdict, '~');
  assert.deepEqual(setAside.rows[1]?.head.values, SIX, 'tested on its six quiet trials');
  assert.ok(
    setAside.notes.some((note) => note.includes('more than 0.25 cores busy') && note.includes('cpu (10 items) worker-threads x2 (0 of 6 in base, 6 of 12 in head)')),
    setAside.notes.join('\n'),
  );
});
