/** Which runs compare pools and pairs: several runs a side and the runs as the unit, one run given twice, rows of different workloads. */
import assert from 'node:assert/strict';
import { copyFile, readFile, symlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compareRuns, regressions } from '../harness/compare/compare.js';
import { poolRuns } from '../harness/compare/pool-runs.js';
import { trialsText } from '../harness/compare/table.js';
import { parseResults } from '../harness/results/read.js';
import type { RunResults } from '../harness/results/records.js';
import { asRun, compare, options, resultsFolderForTests, runOf, scaled, SIX } from './fixtures/compare.js';
import { completedRow, failedRow, run, scenarioResult } from './fixtures/results.js';

const { file, writeRun } = resultsFolderForTests();

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

