import assert from 'node:assert/strict';
import { jsThreadsOf, threadAccountOf } from '../harness/instruments/threads.js';
import { execFile } from 'node:child_process';
import { access, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../harness/results/records.js';
import { validateResults } from '../harness/results/schema.js';
import { benchOptions, fakeBench } from './fixtures/fake-lab.js';

const CLI = fileURLToPath(new URL('../harness/cli.js', import.meta.url));
const HEADER = '| Approach | Real | User | Sys | CPU util |';

let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-e2e-'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function bench(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, 'bench', ...args],
      { cwd: tmp, timeout: 120_000, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}

/** The flags every run here shares: one measured trial per row, two workers, all files in `tmp`. */
function common(name: string): string[] {
  return [
    '--iterations', '1',
    '--warmup', '0',
    '--workers', '2',
    '--concurrency', '2',
    '--out', tmp,
    '--cache-dir', join(tmp, 'cache'),
    '--name', name,
    '--sample-interval', '50',
  ];
}

/** Runs a bench, checks it succeeded and its files are valid, and returns the parsed results. */
async function benchAndRead(name: string, args: readonly string[]): Promise<{ results: RunResults; markdown: string; run: Run }> {
  const run = await bench([...args, ...common(name)]);
  assert.equal(run.code, 0, `bench exited with ${String(run.code)}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
  return { ...(await readRun(name)), run };
}

/** A run's files, checked: valid JSON, its markdown, no temporary file left. */
async function readRun(name: string): Promise<{ results: RunResults; markdown: string }> {
  const parsed: unknown = JSON.parse(await readFile(join(tmp, `${name}.json`), 'utf8'));
  assert.deepEqual(validateResults(parsed), [], 'the results file matches the schema');
  const markdown = await readFile(join(tmp, `${name}.md`), 'utf8');
  const leftovers = (await readdir(tmp)).filter((file) => file.endsWith('.tmp'));
  assert.deepEqual(leftovers, [], 'no temporary files are left behind');
  return { results: parsed as RunResults, markdown };
}

/** Every row completed, and every one of its trials was verified against the sequential outputs. */
function assertAllVerified(results: RunResults, scenario: string, items: number, rowKeys: readonly string[]): void {
  assert.equal(results.scenarios.length, 1);
  const result = results.scenarios[0];
  assert.ok(result !== undefined);
  assert.equal(result.scenario, scenario);
  assert.equal(result.items, items);
  assert.deepEqual(result.rows.map((row) => row.key), rowKeys);
  for (const row of result.rows) {
    assert.equal(row.state, 'completed', `row ${row.key}: ${row.state === 'failed' ? row.failure : ''}`);
    assert.equal(row.trials.length, 1, `row ${row.key} ran one trial`);
    for (const trial of row.trials) {
      assert.equal(trial.problem, null, `row ${row.key}`);
      assert.equal(trial.verified, true, `row ${row.key} was verified`);
      assert.equal(trial.warmup, false);
      assert.equal(trial.exitCode, 0);
      assert.ok(trial.realSeconds > 0, `row ${row.key} has a real time`);
      assert.ok(trial.userSeconds + trial.sysSeconds > 0, `row ${row.key} has CPU time`);
      assert.deepEqual(trial.itemFailures, []);
    }
  }
  assert.equal(results.interrupted, false);
}

test('bench --scenario cpu runs every strategy, verifies every trial and writes JSON and markdown', async () => {
  const { results, markdown, run } = await benchAndRead('e2e', ['--scenario', 'cpu', '--items', '3', '--explain']);
  assertAllVerified(results, 'cpu', 3, ['sequential', 'independent/w2', 'promise/c2', 'worker-threads/w2', 'child-process/w2', 'cluster/w2', 'piscina/w2', 'tinypool/w2']);

  // Raw samples are kept, not only statistics.
  assert.equal(results.bareNodeStart.samples.length, results.bareNodeStart.summary.n);
  assert.ok(results.bareNodeStart.samples.every((s) => s > 0));
  const rows = results.scenarios[0]?.rows ?? [];
  assert.ok(rows.some((row) => row.trials.some((trial) => trial.timeline.length > 0)), 'the process tree was sampled');
  for (const row of rows) {
    assert.ok(row.state === 'completed');
    assert.equal(row.summary.realSeconds.n, 1);
    assert.equal(row.summary.realSeconds.median, row.trials[0]?.realSeconds);
    // The ceiling row records one of its copies' command: the sequential trial.
    assert.ok(row.command.includes('trial') && row.command.includes(row.strategy === 'independent' ? 'sequential' : row.strategy));
  }
  assert.deepEqual(results.parameters['sampleIntervals'], [50]);

  assert.ok(markdown.includes(HEADER), 'the markdown table has the documents\' columns');
  assert.match(markdown, /times faster than sequential|slower/);
  assert.ok(run.stdout.includes('Approach'), 'the table is printed');
  assert.ok(run.stdout.includes(join(tmp, 'e2e.json')), 'the results path is printed');
  // Real trials give the charts real data: the tree's samples, the thumbnail tasks' start and end, and (Linux) each thread's CPU.
  const charts = await readdir(join(tmp, 'e2e-charts'));
  assert.ok(charts.includes('cpu-cpu.svg') && charts.includes('cpu-timeline.svg'), charts.join(', '));
  if (process.platform === 'linux') assert.ok(charts.includes('cpu-where.svg'), charts.join(', '));
});

test('bench without a sequential row still verifies against a sequential reference run (fake lab)', async () => {
  const run = await fakeBench(benchOptions(tmp, { strategies: ['worker-threads', 'child-process'], items: [3], runName: 'no-sequential', sampleIntervalsMs: [50] }));
  assert.equal(run.exitCode, 0, run.printed);
  assert.deepEqual(run.lab.trials.map((t) => [t.key, t.strategy]), [['reference', 'sequential'], ['worker-threads/w2', 'worker-threads'], ['child-process/w2', 'child-process']]);
  const { results, markdown } = await readRun('no-sequential');
  assertAllVerified(results, 'faults', 3, ['worker-threads/w2', 'child-process/w2']);
  assert.ok(markdown.includes(HEADER));
  const wrong = await fakeBench(benchOptions(tmp, { strategies: ['worker-threads'], items: [3] }), (t) => (t.key === 'reference' ? { wrongItems: [1] } : undefined));
  const row = wrong.results.scenarios[0]?.rows[0];
  assert.match(row?.state === 'failed' ? row.failure : '', /^output of item 1 differs/, 'the rows are checked against the reference run, not merely run');
});

test('bench --scenario cpu-js completes and verifies, on a thread and in a process', async () => {
  // Every strategy runs for real in the cpu test above; here the JavaScript task, across a thread's and a process's boundary.
  const { results, markdown } = await benchAndRead('e2e-js', ['--scenario', 'cpu-js', '--items', '2', '--strategy', 'sequential,worker-threads,child-process']);
  assertAllVerified(results, 'cpu-js', 2, ['sequential', 'worker-threads/w2', 'child-process/w2']);
  assert.ok(markdown.includes(HEADER));
  // Without --explain no trial reads its threads, and each still reads its processes' peak memory.
  assert.equal(results.parameters['explain'], false);
  const trials = results.scenarios[0]?.rows.flatMap((row) => row.trials) ?? [];
  assert.ok(trials.length > 0 && trials.every((t) => threadAccountOf(t) === null && jsThreadsOf(t).length === 0 && t.instruments?.['threads'] === undefined && t.peakRssBytes > 0), 'no thread readings, peak memory read');
  assert.match(markdown, /Each trial read its times, foreign load and peak memory only/);
  assert.doesNotMatch(markdown, /### Where the CPU went/);
  await access(join(tmp, 'cache'));
});
