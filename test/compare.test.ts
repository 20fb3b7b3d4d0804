import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compareRuns, machineDifferences, regressions, type CompareOptions } from '../harness/compare/compare.js';
import { poolRuns } from '../harness/compare/pool-runs.js';
import { compareTable } from '../harness/compare/render.js';
import { parseResults, ResultsFileError } from '../harness/results/read.js';
import type { RunResults } from '../harness/results/records.js';
import { completedRow, context, failedRow, run, scenarioResult } from './fixtures/results.js';

const options: CompareOptions = { threshold: 0.05, crossMachine: false, metric: 'real', alpha: 0.05 };
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
  assert.equal(c.rows[1]?.test.p, 1);
  assert.equal(c.rows[1]?.ratio.ratio, 1);
  assert.deepEqual(regressions(c), []);
  assert.deepEqual(compareTable(c).rows.map((r) => r.cells[3]), ['~', '~']);
});

test('20% slower on every trial: a significant regression beyond 5%, but only "worse" under a 30% threshold', () => {
  const c = compareRuns(runOf(SIX), runOf(scaled(SIX, 1.2)), options);
  const row = c.rows.find((r) => r.name.endsWith('worker-threads x2'));
  assert.equal(row?.verdict, 'regression');
  assert.ok(Math.abs((row?.ratio.ratio ?? 0) - 1.2) < 1e-12);
  assert.ok((row?.test.p ?? 1) < 0.01, `p = ${row?.test.p}`); // 6 vs 6 fully separated: 2 / C(12, 6) = 0.0022
  assert.ok((row?.ratio.low ?? 0) > 1, 'the interval excludes no change');
  assert.deepEqual(regressions(c).map((r) => r.name), ['cpu (10 items) worker-threads x2']);
  const cells = compareTable(c).rows[1]?.cells ?? [];
  assert.equal(cells[3], '+20.0%');
  assert.equal(cells[6], 'REGRESSION (beyond 5%)');
  assert.equal(compareRuns(runOf(SIX), runOf(scaled(SIX, 1.2)), { ...options, threshold: 0.3 }).rows[1]?.verdict, 'worse');
  assert.equal(compareRuns(runOf(scaled(SIX, 1.2)), runOf(SIX), options).rows[1]?.verdict, 'better');
});

test('3 trials against 3 can never be significant, and compare says so', () => {
  const c = compareRuns(runOf([1, 1.01, 0.99], context(), 2, [2, 2.1, 1.9]), runOf([2, 2.02, 1.98], context(), 2, [2, 2.1, 1.9]), options);
  assert.equal(c.rows[1]?.verdict, '~', 'doubling with n = 3 is still not significant at 0.05');
  assert.ok(c.notes.some((n) => /3 vs 3 trials the smallest p-value the test can give is 0\.100/.test(n)), c.notes.join('\n'));
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
  assert.match(r.stdout, /n=6/, 'three trials from each of two files');
  const mixed = await compare([`${file('base.json')},${file('other-machine.json')}`, file('same.json')]);
  assert.equal(mixed.code, 2);
  assert.match(mixed.stderr, /only runs of one machine can be pooled/);
});

test('--format markdown prints a markdown table', async () => {
  const r = await compare([file('base.json'), file('slower.json'), '--format', 'markdown']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^## parabench compare\n/);
  assert.ok(r.stdout.includes('| Benchmark | Base | Head | Change | 95% interval | p | Verdict |'));
  assert.ok(r.stdout.includes('| cpu (10 items) worker-threads x2 | 1.00 s ± 2% (n=6) | 1.21 s ± 2% (n=6) | +20.0% |'));
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

test('a p-value under α with an interval that still reaches no change is "~": both must agree before a gate fails', () => {
  // piscina x2 on cpu-js, one commit compared with itself (results/example, real seconds): p 0.041, interval about [-0.4%, +10.1%].
  const base = [0.7015, 0.6805, 0.7221, 0.7154, 0.7233, 0.6943];
  const head = [0.7642, 0.7724, 0.7434, 0.7068, 0.7158, 0.7624];
  const c = compareRuns(runOf(base, context(), 2, SIX), runOf(head, context(), 2, SIX), options);
  const row = c.rows.find((r) => r.name.endsWith('worker-threads x2'));
  assert.ok(row !== undefined);
  assert.ok(row.test.p < 0.05, `the rank test alone would call it: p = ${row.test.p}`);
  assert.ok(row.ratio.low <= 1 && row.ratio.high > 1, `the interval reaches no change: [${row.ratio.low}, ${row.ratio.high}]`);
  assert.equal(row.verdict, '~');
  assert.deepEqual(regressions(c), []);
});

test('with many rows compared, the notes say how many would be called changed by chance alone', () => {
  const rows = Array.from({ length: 12 }, (_, i) =>
    completedRow({ strategy: 'worker-threads', label: `worker-threads x${i + 2}`, key: `worker-threads/w${i + 2}`, workers: i + 2, reals: SIX }),
  );
  const many = run([scenarioResult([completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: SIX }), ...rows])], context());
  const c = compareRuns(many, many, options);
  assert.equal(c.rows.length, 13);
  assert.ok(c.notes.some((n) => /^13 rows were tested at α=0\.05: if nothing had changed, up to about 0\.7 of them could still be called changed by chance; 0 were\./.test(n)), c.notes.join('\n'));
  const few = compareRuns(runOf(SIX), runOf(SIX), options);
  assert.ok(!few.notes.some((n) => /by chance/.test(n)), 'two rows: no such note');
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
