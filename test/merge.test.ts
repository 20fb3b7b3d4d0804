import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { mergeRuns } from '../harness/merge/merge.js';
import { machinesTable, mergeTable, renderMergeMarkdown } from '../harness/merge/render.js';
import { completedRow, context, failedRow, run, scenarioResult } from './fixtures/results.js';
import { runCli, type CliRun } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';

const seq = (real: number) => completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [real] });
const pool = (workers: number, real: number) =>
  completedRow({ strategy: 'worker-threads', label: `worker-threads x${workers}`, key: `worker-threads/w${workers}`, workers, reals: [real] });
const promise = (concurrency: number, real: number) =>
  completedRow({ strategy: 'promise', label: `promise c${concurrency}`, key: `promise/c${concurrency}`, concurrency, reals: [real] });

// Three machines of different speed and size.
const laptop = run([scenarioResult([seq(2), promise(2, 1.6), pool(2, 1)])], context('laptop', { cores: 2 }));
const server = run([scenarioResult([seq(1), pool(4, 0.4), pool(8, 0.2)])], context('server', { cores: 8, cpuModel: 'Big CPU' }));
const ci = run(
  [scenarioResult([seq(3), failedRow('worker-threads', 'worker-threads x4', 'worker-threads/w4', 'worker 0 exited')])],
  context('ci-runner', { cores: 4, os: 'Linux 6.5', arch: 'arm64' }),
);
const runs = [
  { path: 'laptop.json', results: laptop },
  { path: 'server.json', results: server },
  { path: 'ci.json', results: ci },
];

test('merge: rows scenario x strategy, a column per machine, speedup and efficiency per core with the median beside', () => {
  const table = mergeTable(mergeRuns(runs));
  assert.deepEqual([...table.head], ['Scenario', 'Strategy', 'laptop', 'server', 'ci-runner']);
  assert.deepEqual(table.rows.map((row) => [...row.cells]), [
    ['cpu (10 items)', 'sequential', '1.00x, 100%/core; 2.00 s', '1.00x, 100%/core; 1.00 s', '1.00x, 100%/core; 3.00 s'],
    ['cpu (10 items)', 'promise', '1.25x (c2), 63%/core; 1.60 s', '—', '—'],
    // server: the sweep's fastest size, x8: 1 / 0.2 = 5x on 8 cores = 62.5% per core
    ['cpu (10 items)', 'worker-threads', '2.00x (x2), 100%/core; 1.00 s', '5.00x (x8), 63%/core; 200 ms', '—'],
  ]);
});

test('merge: the machines are described from their context, and duplicate names are told apart', () => {
  const machines = machinesTable(mergeRuns(runs));
  assert.deepEqual(machines.rows.map((row) => row.cells.slice(0, 3)), [
    ['laptop', 'Test CPU', '2'],
    ['server', 'Big CPU', '8'],
    ['ci-runner', 'Test CPU', '4'],
  ]);
  const twice = mergeRuns([runs[0], runs[0]] as typeof runs);
  assert.deepEqual(twice.machines.map((m) => m.name), ['laptop', 'laptop #2']);
});

test('merge markdown has both tables and the legend', () => {
  const text = renderMergeMarkdown(mergeRuns(runs));
  assert.ok(text.startsWith('## parabench across machines\n'));
  assert.ok(text.includes('| Scenario | Strategy | laptop | server | ci-runner |'));
  assert.ok(text.includes('| cpu (10 items) | worker-threads | 2.00x (x2), 100%/core; 1.00 s | 5.00x (x8), 63%/core; 200 ms | — |'));
  assert.ok(text.includes('| ci-runner | Test CPU | 4 | 4.00 GiB | Linux 6.5 (arm64) |'));
});

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parabench-merge-'));
  for (const { path, results } of runs) await writeFile(join(dir, path), JSON.stringify(results));
  await writeFile(join(dir, 'broken.json'), '{"schemaVersion": 1, "context": {');
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** `parabench merge <args>`, 250 columns wide: in this process, or in a process of its own where `asProcess`. */
function merge(args: readonly string[], asProcess = false): Promise<CliRun> {
  const env = { COLUMNS: '250' };
  return asProcess ? runCli(['merge', ...args], { env }) : runHere(['merge', ...args], { env });
}

test('`parabench merge` prints the table; a broken file exits 2 naming it (a process)', async () => {
  const ok = await merge([...runs.map((r) => join(dir, r.path)), '--format', 'markdown']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.ok(ok.stdout.includes('| cpu (10 items) | worker-threads | 2.00x (x2), 100%/core; 1.00 s |'));
  const terminal = await merge(runs.map((r) => join(dir, r.path)));
  assert.equal(terminal.code, 0, terminal.stderr);
  assert.match(terminal.stdout, /5\.00x \(x8\), 63%\/core; 200 ms/);
  const broken = await merge([join(dir, 'laptop.json'), join(dir, 'broken.json')], true);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /broken\.json: the file ends early/);
});

test('`parabench merge` refuses an impossible time as compare does: exit 2 naming the file and the field, no NaN', async () => {
  // merge shows each row's summary, so an edited median is what it would print.
  const edited = { ...server, scenarios: server.scenarios.map((s) => ({ ...s, rows: s.rows.map((row) => (row.state === 'completed' && row.key === 'worker-threads/w8' ? { ...row, summary: { ...row.summary, realSeconds: { ...row.summary.realSeconds, median: -5 } } } : row)) })) };
  await writeFile(join(dir, 'negative.json'), JSON.stringify(edited));
  await writeFile(join(dir, 'infinite.json'), JSON.stringify(laptop).replace('"realSeconds":1,', '"realSeconds":1e999,'));
  for (const [name, field] of [['negative.json', /row "worker-threads x8", summary\.realSeconds\.median is -5/], ['infinite.json', /row "worker-threads x2", trial 1, realSeconds is Infinity/]] as const) {
    const r = await merge([join(dir, 'laptop.json'), join(dir, name)]);
    assert.equal(r.code, 2, `${name}: ${r.stdout}`);
    assert.ok(r.stderr.includes(`${join(dir, name)}: impossible measurement`), r.stderr);
    assert.match(r.stderr, field);
    assert.doesNotMatch(r.stdout + r.stderr, /NaN/);
  }
});
