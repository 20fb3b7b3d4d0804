import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compareRuns, machineDifferences, regressions, type CompareOptions } from '../harness/compare/compare.js';
import { poolRuns } from '../harness/compare/pool-runs.js';
import { Chalk } from 'chalk';
import { compareTable, renderCompareMarkdown, renderCompareTerminal } from '../harness/compare/render.js';
import { couldSee, trialsText } from '../harness/compare/table.js';
import { parseResults, ResultsFileError } from '../harness/results/read.js';
import type { Row, RunResults, ScenarioResult } from '../harness/results/records.js';
import { completedRow, context, failedRow, run, scenarioResult } from './fixtures/results.js';
import { assertInertMarkdown } from './fixtures/hostile.js';

const options: CompareOptions = { threshold: 0.05, crossMachine: false, metric: 'real', alpha: 0.05, correction: 'holm', failOnRegression: false };
/** The table's columns, by name. */
const COLUMN = { change: 3, interval: 4, couldSee: 5, p: 6, verdict: 7 } as const;
const SIX = [1.0, 1.02, 0.98, 1.01, 0.99, 1.03];
const scaled = (values: readonly number[], factor: number): number[] => values.map((v) => v * factor);

function runOf(threads: readonly number[], ctx = context(), workers = 2, sequential: readonly number[] = scaled(SIX, 2)): RunResults {
  return run(
    [
      scenarioResult([
        completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: sequential }),
        completedRow({ strategy: 'worker-threads', label: `worker-threads x${workers}`, key: `worker-threads/w${workers}`, workers, reals: threads }),
      ]),
    ],
    ctx,
  );
}

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

test('poolRuns concatenates each row\'s trials across runs; a row failed in any run stays failed', () => {
  const pooled = poolRuns([runOf(SIX.slice(0, 3)), runOf(SIX.slice(3))]);
  const threads = pooled.scenarios[0]?.rows.find((r) => r.key === 'worker-threads/w2');
  assert.deepEqual(threads?.trials.map((t) => t.realSeconds), SIX);
  const broken = run([scenarioResult([failedRow('worker-threads', 'worker-threads x2', 'worker-threads/w2', 'boom')])]);
  assert.equal(poolRuns([runOf(SIX), broken]).scenarios[0]?.rows.find((r) => r.key === 'worker-threads/w2')?.state, 'failed');
});

test('poolRuns does not pool a ceiling whose copies ran all the items in one run and their shares in another, and says why', () => {
  const ceiling = (split: boolean): RunResults => {
    const row = completedRow({ strategy: 'independent', label: 'independent x2', key: 'independent/w2', workers: 2, reals: SIX.slice(0, 3) });
    const copy = (i: number) => ({ copy: i, realSeconds: 1, startupSeconds: 0, workSeconds: 1, workUserSeconds: 1, workSysSeconds: 0, items: 5, verified: true, problem: null, ...(split ? { firstItem: (i - 1) * 5, shareItems: 5 } : {}) });
    return run([scenarioResult([{ ...row, trials: row.trials.map((t) => ({ ...t, copies: [copy(1), copy(2)] })) }])]);
  };
  const mixed = poolRuns([ceiling(true), ceiling(false)]).scenarios[0]?.rows[0];
  assert.equal(mixed?.state, 'failed');
  assert.match(mixed?.state === 'failed' ? mixed.failure : '', /ran all the items each in some of the pooled runs .* and their shares in others/);
  const alike = poolRuns([ceiling(true), ceiling(true)]).scenarios[0]?.rows[0];
  assert.equal(alike?.state, 'completed');
  assert.equal(alike?.trials.length, 6);
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

// The command: exit codes and messages.
const CLI = fileURLToPath(new URL('../harness/cli.js', import.meta.url));
let dir: string;
const file = (name: string): string => join(dir, name);

/** The run numbered `n`: its own start time, and trial times a hair apart from any other's, as two real runs always are. */
function asRun(results: RunResults, n: number): RunResults {
  return {
    ...results,
    context: { ...results.context, startedAt: new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString() },
    scenarios: results.scenarios.map((s) => ({
      ...s,
      rows: s.rows.map((row) => ({ ...row, trials: row.trials.map((t) => ({ ...t, realSeconds: t.realSeconds * (1 - n * 1e-9) })) })),
    })),
  };
}
let runs = 0;
/** Writes a results file of a run of its own. */
const writeRun = (name: string, results: RunResults): Promise<void> => writeFile(file(name), JSON.stringify(asRun(results, (runs += 1))));

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parabench-compare-'));
  await writeRun('base.json', runOf(SIX));
  await writeRun('same.json', runOf(SIX));
  await writeRun('slower.json', runOf(scaled(SIX, 1.2)));
  await writeRun('other-machine.json', runOf(scaled(SIX, 0.5), context('elsewhere', { cores: 4 }), 4, SIX));
  const text = JSON.stringify(runOf(SIX));
  await writeFile(file('truncated.json'), text.slice(0, Math.floor(text.length / 2)));
  await writeFile(file('not-json.json'), 'time: 1.2s\n');
  await writeFile(file('future.json'), JSON.stringify({ ...runOf(SIX), schemaVersion: 99 }));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function compare(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, 'compare', ...args], { timeout: 60_000, env: { ...process.env, NO_COLOR: '1', COLUMNS: '250' } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

test('compare exits 0 when nothing changed', async () => {
  const r = await compare([file('base.json'), file('same.json'), '--fail-on-regression']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /worker-threads x2/);
  assert.doesNotMatch(r.stdout, /REGRESSION/);
});

test('a significant regression: exit 1 only with --fail-on-regression, and only beyond the threshold', async () => {
  const plain = await compare([file('base.json'), file('slower.json')]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /REGRESSION \(beyond 5%\)/);
  const failing = await compare([file('base.json'), file('slower.json'), '--fail-on-regression']);
  assert.equal(failing.code, 1, failing.stderr);
  assert.match(failing.stdout, /1 significant regression\(s\) beyond 5%: cpu \(10 items\) worker-threads x2/);
  const lenient = await compare([file('base.json'), file('slower.json'), '--fail-on-regression', '--threshold', '25%']);
  assert.equal(lenient.code, 0, lenient.stderr);
});

test('each side may be several runs of one machine, comma-separated: their trials are pooled', async () => {
  const halves = [SIX.slice(0, 3), SIX.slice(3)];
  for (const [i, half] of halves.entries()) {
    await writeRun(`base-${i}.json`, runOf(half));
    await writeRun(`slower-${i}.json`, runOf(scaled(half, 1.2)));
  }
  const r = await compare([`${file('base-0.json')},${file('base-1.json')}`, `${file('slower-0.json')},${file('slower-1.json')}`, '--fail-on-regression']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /n=2/, 'one value per run: the geometric mean of its three trials');
  assert.match(r.stdout, /Each side pooled runs \(base 2, head 2\): each run is one value in the test/);
  const mixed = await compare([`${file('base.json')},${file('other-machine.json')}`, file('same.json')]);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /only runs of one machine can be pooled/);
});

test('--format markdown prints a pull request summary: the verdict in the heading, the changed rows in a table', async () => {
  const r = await compare([file('base.json'), file('slower.json'), '--format', 'markdown']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^## parabench compare: 1 regression, 1 unchanged of 2 rows\n/);
  assert.ok(r.stdout.includes('| Benchmark | Base | Head | Change | 95% interval | Could see | p (Holm) | Verdict |'));
  assert.ok(r.stdout.includes('| cpu (10 items) worker-threads x2 | 1.00 s ± 2% (n=6) | 1.21 s ± 2% (n=6) | +20.0% |'));
  assert.match(r.stdout, /Welch's t-test on log times, Holm-corrected over 2 rows at α=0\.05 \(chance of any false alarm ≤ 5%\); regressions beyond 5%\./);
});

test('--correction takes holm, bh or none; anything else exits 2 naming them', async () => {
  const bad = await compare([file('base.json'), file('same.json'), '--correction', 'bonferroni']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--correction takes one of: holm, bh, none, got "bonferroni"/);
  const bh = await compare([file('base.json'), file('slower.json'), '--correction', 'bh']);
  assert.equal(bh.code, 0, bh.stderr);
  assert.match(bh.stdout, /Benjamini-Hochberg-corrected over 2 rows at α=0\.05 \(share of false alarms among changed rows ≤ 5%\)/);
  const none = await compare([file('base.json'), file('slower.json'), '--correction', 'none']);
  assert.match(none.stdout, /each of 2 rows alone at α=0\.05, uncorrected \(about 5% of unchanged rows will be called changed\)/);
});

test('--max-foreign-load takes cores of 0 or more, or none; anything else exits 2 naming it', async () => {
  for (const value of ['-1', 'lots', '']) {
    const bad = await compare([file('base.json'), file('same.json'), '--max-foreign-load', value]);
    assert.equal(bad.code, 2, `${JSON.stringify(value)}: ${bad.stderr}`);
    assert.match(bad.stderr, /--max-foreign-load takes a number of cores of 0 or more, e\.g\. 0\.25, or none/);
  }
  for (const value of ['none', '0', '1.5']) {
    const good = await compare([file('base.json'), file('same.json'), '--max-foreign-load', value]);
    assert.equal(good.code, 0, `${value}: ${good.stderr}`);
  }
});

test('different machines are refused (exit 2) unless --cross-machine, which compares speedups', async () => {
  const refused = await compare([file('base.json'), file('other-machine.json')]);
  assert.equal(refused.code, 2);
  assert.match(refused.stderr, /different machines \(machine: test-machine vs elsewhere; cores: 2 vs 4\)/);
  assert.match(refused.stderr, /--cross-machine/);
  const crossed = await compare([file('base.json'), file('other-machine.json'), '--cross-machine']);
  assert.equal(crossed.code, 0, crossed.stderr);
  assert.match(crossed.stdout, /speedup of real time over each machine's own sequential run/);
  assert.match(crossed.stdout, /cpu \(10 items\) worker-threads/);
});

test('unreadable files exit 2 with a message that says what is wrong', async () => {
  const cases: [string, RegExp][] = [
    ['truncated.json', /ends early .* cut off/],
    ['not-json.json', /not JSON/],
    ['future.json', /schema version 99; this parabench reads versions 1, 2/],
    ['missing.json', /no such file/],
  ];
  for (const [name, message] of cases) {
    const r = await compare([file('base.json'), file(name)]);
    assert.equal(r.code, 2, `${name}: ${r.stderr}`);
    assert.match(r.stderr, message, name);
    assert.ok(r.stderr.includes(name), `the message names the file: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
  const badThreshold = await compare([file('base.json'), file('same.json'), '--threshold', 'lots']);
  assert.equal(badThreshold.code, 2);
  assert.match(badThreshold.stderr, /--threshold/);
});

/** The recorded same-commit example: one commit run six times, alternating, three runs a side (results/example/README.md). */
const EXAMPLE = fileURLToPath(new URL('../../results/example/', import.meta.url));
const exampleSide = (side: 'a' | 'b'): RunResults =>
  poolRuns([1, 2, 3].map((round) => parseResults(`same-commit-${side}${round}.json`, readFileSync(join(EXAMPLE, `same-commit-${side}${round}.json`), 'utf8'))));

test('one commit compared with itself (the recorded example, 16 rows, three runs a side): trial by trial, uncorrected, one row is a false alarm; run by run, none', () => {
  const [base, head] = [exampleSide('a'), exampleSide('b')];
  // Trial by trial (the runs' trials taken as one sample): piscina x2 on cpu-js is called a regression
  // at α = 0.05 per row, p 0.019. Its trials of one run moved together, so the runs are the unit.
  const flatten = (r: RunResults): RunResults => ({
    ...r,
    scenarios: r.scenarios.map((s) => ({ ...s, rows: s.rows.map((row) => ({ ...row, trials: row.trials.map(({ pooledRun: _run, ...t }) => t) })) })),
  });
  const byTrial = compareRuns(flatten(base), flatten(head), { ...options, correction: 'none' });
  assert.equal(byTrial.rows.length, 16);
  assert.deepEqual(regressions(byTrial).map((r) => r.name), ['cpu-js (16 items) piscina x2']);
  const byRun = compareRuns(base, head, { ...options, correction: 'none' });
  assert.deepEqual(byRun.rows.filter((r) => r.verdict !== '~').map((r) => r.name), [], 'run by run, uncorrected: nothing called');
  assert.ok(byRun.rows.every((r) => r.base.values.length === 3 && r.head.values.length === 3), 'one value per run');
  assert.deepEqual(compareRuns(base, head, options).rows.filter((r) => r.verdict !== '~').map((r) => r.name), [], 'and with Holm');
  // Under a gate the rows are undecided, and what would decide them is counted in runs, the unit tested.
  const gate = compareRuns(base, head, { ...options, failOnRegression: true });
  assert.equal(gate.unit, 'run');
  const undecided = gate.rows.find((r) => r.verdict === 'undecided');
  assert.ok(undecided !== undefined, 'three noisy runs a side cannot rule out 5%');
  assert.match(trialsText(undecided, gate.unit), /^(about \d+ alternating runs per side \(\d+ more\)|no number of alternating runs up to [\d,]+ per side) would$/);
  assert.equal(byTrial.unit, 'trial');
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

/** Six trials with about 30% spread (log sd 0.29). */
const NOISY = [0.7, 1.0, 1.4, 0.8, 1.3, 1.05];
/** The same values in another order: no change but noise. */
const rotated = (values: readonly number[]): number[] => values.map((_, k) => values[(k + 2) % values.length] as number);

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

test('compare --fail-on-regression with an undecided row exits 0 and says the gate could not check it, with the trials it needs', async () => {
  await writeRun('noisy-base.json', runOf(NOISY));
  await writeRun('noisy-head.json', runOf(rotated(NOISY)));
  const r = await compare([file('noisy-base.json'), file('noisy-head.json'), '--fail-on-regression']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^parabench compare: 1 undecided, 1 unchanged of 2 rows$/m);
  assert.match(r.stdout, /UNDECIDED \(could miss 5%\)/);
  assert.match(r.stdout, /The gate could not check 1 row \(1 undecided: not called changed, yet each could have missed a regression beyond 5%\): they do not fail it, and its pass does not vouch for them\./);
  const trials = /cpu \(10 items\) worker-threads x2: could see only ±[\d.]+%; about (\d+) trials per side \((\d+) more\) would decide it\./.exec(r.stdout);
  assert.ok(trials !== null, r.stdout);
  assert.equal(Number(trials[1]) - Number(trials[2]), 6, 'six trials now');
  const plain = await compare([file('noisy-base.json'), file('noisy-head.json')]);
  assert.equal(plain.code, 0);
  assert.doesNotMatch(plain.stdout, /UNDECIDED|could not check/, 'no gate: no undecided rows');
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

// One run given twice (issue 24, defect 3): the same file, a copy, a link, or the same trials.
test('the same file twice on one side, or copies of it, are refused (exit 2) naming both, not pooled as independent trials', async () => {
  for (let i = 0; i < 3; i += 1) await copyFile(file('base.json'), file(`copy-${i}.json`));
  const slowerRuns = [0, 1, 2].map((i) => file(`slower-run-${i}.json`));
  for (const i of [0, 1, 2]) await writeRun(`slower-run-${i}.json`, runOf(scaled(SIX, 1.2 + i * 0.001)));
  // Three distinct slower runs against three copies of one base: pooled, 18 "trials" a side would be called a regression.
  const copies = await compare([[0, 1, 2].map((i) => file(`copy-${i}.json`)).join(','), slowerRuns.join(','), '--fail-on-regression']);
  assert.equal(copies.code, 2, copies.stdout);
  assert.ok(copies.stderr.includes(`${file('copy-0.json')} and ${file('copy-1.json')} are one run`), copies.stderr);
  assert.match(copies.stderr, /both hold the run of test-machine started at .*pooled on one side \(base\), its trials would count twice/);
  assert.doesNotMatch(copies.stdout, /REGRESSION/);
  const twice = await compare([`${file('base.json')},${file('base.json')}`, file('slower.json')]);
  assert.equal(twice.code, 2);
  assert.ok(twice.stderr.includes(`${file('base.json')} is given twice (they are the same file)`), twice.stderr);
  const valid = await compare([slowerRuns.join(','), file('slower.json')]);
  assert.equal(valid.code, 0, `distinct runs pool as before: ${valid.stderr}`);
});

test('one run as both base and head is refused (exit 2): by path, through a link, or as a copy with its context edited', async () => {
  const same = await compare([file('base.json'), file('base.json')]);
  assert.equal(same.code, 2);
  assert.match(same.stderr, /is given twice .*compared with itself, a run can only show no change/);
  await symlink(file('base.json'), file('base-link.json'));
  const linked = await compare([file('base.json'), file('base-link.json')]);
  assert.equal(linked.code, 2);
  assert.ok(linked.stderr.includes(`${file('base.json')} and ${file('base-link.json')} are one run (they are the same file)`), linked.stderr);
  const edited = JSON.parse(await readFile(file('base.json'), 'utf8')) as RunResults;
  await writeFile(file('edited.json'), JSON.stringify({ ...edited, context: { ...edited.context, startedAt: '2026-02-02T00:00:00.000Z' } }));
  const copy = await compare([file('base.json'), file('edited.json')]);
  assert.equal(copy.code, 2);
  assert.match(copy.stderr, /cpu \(10 items\) sequential has the same 6 measured trial times in both/);
});

// Rows of one name but different workloads (issue 24, defect 4).
function taskRun(facts: Record<string, string | number>, reals: readonly number[], n: number): RunResults {
  const rows = [
    completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: reals.map((r) => r * 2) }),
    completedRow({ strategy: 'worker-threads', label: 'worker-threads x2', key: 'worker-threads/w2', workers: 2, reals }),
  ];
  return asRun(run([{ ...scenarioResult(rows, 4, 'work'), facts: { items: 4, ...facts } }]), n);
}
const TASK = { module: 'bench/a.js', export: 'work', inputs: 'count 4 (inputs 0..3)' };

test('--task rows of another module or other inputs are unmatched, not compared, and a note says why', () => {
  const base = taskRun(TASK, SIX, 1);
  const alike = compareRuns(base, taskRun(TASK, scaled(SIX, 1.2), 2), options);
  assert.deepEqual(alike.rows.map((r) => r.name), ['work (4 items) sequential', 'work (4 items) worker-threads x2'], 'same module and inputs: paired');
  assert.deepEqual(alike.unmatched, []);
  const otherModule = compareRuns(base, taskRun({ ...TASK, module: 'bench/b.js' }, scaled(SIX, 1.2), 3), options);
  assert.deepEqual(otherModule.rows, []);
  assert.deepEqual(regressions(otherModule), []);
  assert.deepEqual(otherModule.unmatched, ['work (4 items) sequential', 'work (4 items) worker-threads x2']);
  assert.ok(
    otherModule.notes.some((n) => n.startsWith('work (4 items): base and head measured different workloads (module: bench/a.js vs bench/b.js)') && n.includes('unmatched, not compared')),
    otherModule.notes.join('\n'),
  );
  const otherInputs = compareRuns(base, taskRun({ ...TASK, inputs: 'JSON array data.json' }, SIX, 4), options);
  assert.equal(otherInputs.rows.length, 0);
  assert.ok(otherInputs.notes.some((n) => n.includes('inputs: count 4 (inputs 0..3) vs JSON array data.json')), otherInputs.notes.join('\n'));
  const older = compareRuns(taskRun({}, SIX, 5), base, options);
  assert.equal(older.rows.length, 2, 'a file that records no workload facts cannot be told apart: paired');
});

test('pooling runs of different workloads fails the row, saying why; compare of only different workloads exits 2 saying so', async () => {
  const pooled = poolRuns([taskRun(TASK, SIX, 1), taskRun({ ...TASK, export: 'other' }, SIX, 2)]).scenarios[0]?.rows[1];
  assert.equal(pooled?.state, 'failed');
  assert.match(pooled?.state === 'failed' ? pooled.failure : '', /the pooled runs measured different workloads \(export: work vs other\)/);
  await writeFile(file('task-a.json'), JSON.stringify(taskRun(TASK, SIX, 11)));
  await writeFile(file('task-b.json'), JSON.stringify(taskRun({ ...TASK, module: 'bench/b.js' }, scaled(SIX, 1.2), 12)));
  const r = await compare([file('task-a.json'), file('task-b.json'), '--fail-on-regression']);
  assert.equal(r.code, 2, r.stdout);
  assert.match(r.stderr, /nothing was compared: .*in both but of different workloads: work \(4 items\) sequential, work \(4 items\) worker-threads x2/);
  assert.match(r.stdout, /module: bench\/a\.js vs bench\/b\.js/);
  assert.doesNotMatch(r.stdout, /REGRESSION/);
});

// Impossible figures (issue 24, defect 5), and a reproduce report given as a results file.
const SENTINEL = 1.23456789;
/** A results file whose worker-threads row's first trial took `real` seconds, as JSON text. */
function withReal(real: string): string {
  const text = JSON.stringify(runOf([SENTINEL, ...SIX.slice(1)]));
  assert.equal(text.split(`"realSeconds":${SENTINEL}`).length, 2, 'one trial has the sentinel');
  return text.replace(`"realSeconds":${SENTINEL}`, `"realSeconds":${real}`);
}

test('reading a results file refuses impossible real times, naming the file, the row, the trial and the field', () => {
  for (const [real, rule] of [
    ['1e999', /is Infinity \(.*1e999.*\): it must be a finite number/],
    ['-5', /is -5: a real time runs from a spawn to an exit, so it must be above 0/],
    ['0', /is 0: a real time .* must be above 0/],
  ] as const) {
    assert.throws(
      () => parseResults('runs/edited.json', withReal(real)),
      (error: unknown) => {
        assert.ok(error instanceof ResultsFileError);
        assert.equal(error.problem, 'impossible');
        assert.match(error.message, /^runs\/edited\.json: impossible measurement: scenario cpu \(10 items\), row "worker-threads x2", trial 1, realSeconds /);
        assert.match(error.message, rule);
        return true;
      },
      real,
    );
  }
  const negativeCpu = JSON.stringify(runOf(SIX)).replace('"userSeconds":0.9', '"userSeconds":-0.9');
  assert.throws(() => parseResults('cpu.json', negativeCpu), /cpu\.json: impossible measurement: .* userSeconds is -0\.9: a time, a count or a size cannot be negative/);
  const summary = JSON.parse(JSON.stringify(runOf(SIX))) as { scenarios: { rows: { summary: { realSeconds: { median: number } } }[] }[] };
  (summary.scenarios[0]?.rows[1] as { summary: { realSeconds: { median: number } } }).summary.realSeconds.median = -5;
  assert.throws(() => parseResults('summary.json', JSON.stringify(summary)), /row "worker-threads x2", summary\.realSeconds\.median is -5/);
  assert.doesNotThrow(() => parseResults('fine.json', JSON.stringify(runOf(SIX))));
});

test('compare given an impossible time exits 2 naming the file and the field, and never prints NaN', async () => {
  for (const [name, real] of [['infinite.json', '1e999'], ['negative.json', '-5'], ['zero.json', '0']] as const) {
    await writeFile(file(name), withReal(real));
    const r = await compare([file('base.json'), file(name)]);
    assert.equal(r.code, 2, `${name}: ${r.stdout}`);
    assert.ok(r.stderr.includes(`${file(name)}: impossible measurement`), r.stderr);
    assert.match(r.stderr, /realSeconds is/);
    assert.doesNotMatch(r.stdout + r.stderr, /NaN/);
  }
});

test('the compare table shows "n/a", never NaN or Infinity, for a figure that is not finite', () => {
  const infinite = runOf([Number.POSITIVE_INFINITY, ...SIX.slice(1)]);
  const zero = runOf([0, 0, 0, 0, 0, 0]);
  for (const [base, head] of [[runOf(SIX), infinite], [zero, runOf(SIX)], [runOf([Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, 1, 1, 1, 1]), infinite]] as const) {
    const cells = compareTable(compareRuns(base, head, options)).rows.flatMap((row) => row.cells);
    assert.ok(cells.every((cell) => !/NaN|Infinity/.test(cell)), cells.join(' | '));
  }
});

test('a reproduce report given as a results file points at the bench runs beside it', () => {
  const report = { document: { id: '002', slug: 'pipeline', title: 'x', file: 'x.txt' }, runs: [{ experiment: 'sleep', path: 'elsewhere/runs/002-sleep.json', wallSeconds: 1 }, { experiment: 'spin', path: 'elsewhere/runs/002-spin.json', wallSeconds: 1 }], tables: [] };
  assert.throws(
    () => parseResults(join('out', '002-pipeline.json'), JSON.stringify(report)),
    (error: unknown) => {
      assert.ok(error instanceof ResultsFileError);
      assert.equal(error.problem, 'reproduce-report');
      assert.match(error.message, /a `parabench reproduce` report of document 002 \(pipeline\), not the results of a bench run/);
      assert.ok(error.message.includes(`${join('out', 'runs', '002-sleep.json')} (sleep), ${join('out', 'runs', '002-spin.json')} (spin)`), error.message);
      assert.doesNotMatch(error.message, /re-run the benchmark/i);
      return true;
    },
  );
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
