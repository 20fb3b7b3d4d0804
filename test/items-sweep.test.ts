import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunResults } from '../harness/results/records.js';
import { validateResults } from '../harness/results/schema.js';
import { benchOptions, fakeBench, type FakeTrial, type ScriptedTrial } from './fixtures/fake-lab.js';

let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-sweep-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A trial whose times grow with its items (the pool's more slowly), with the task timeline and thread account a real cpu trial reports. */
function scripted(trial: FakeTrial): ScriptedTrial {
  const pool = trial.strategy === 'worker-threads';
  const real = pool ? 0.25 + 0.06 * trial.items : 0.2 + 0.1 * trial.items;
  const work = real * 0.85;
  const cpu = { threads: 1, cpuSeconds: work, userSeconds: work, sysSeconds: 0, waitSeconds: 0, voluntarySwitches: 10, involuntarySwitches: 1 };
  return {
    realSeconds: real,
    timeline: Array.from({ length: 5 }, (_, at) => ({ seconds: (at * real) / 5, cpuPercent: pool ? 190 : 98, rssBytes: 60e6, processes: 1 })),
    report: {
      events: Array.from({ length: trial.items }, (_, item) => ({ stage: 'thumbnail', item, lane: pool ? `worker ${item % 2}` : 'main', start: item * 0.05, end: item * 0.05 + 0.04 })),
      instruments: { threads: { reading: { threads: { available: true, method: 'fake', windowSeconds: work, spanSeconds: work, kinds: pool ? { 'main-js': cpu, 'worker-js': cpu } : { 'main-js': cpu }, nativeNames: [], unseenCpuSeconds: 0 }, jsThreads: [], libuvProbeSeconds: 0 } } },
    },
  };
}

test('bench --items 2,4 with every file format: one scenario result per size, a fitted projection, charts beside the report (fake lab)', async () => {
  const options = benchOptions(tmp, {
    scenarios: ['cpu'], items: [2, 4], strategies: ['sequential', 'worker-threads'], workers: [1, 2], sampleIntervalsMs: [50],
    runName: 'sweep', formats: ['json', 'markdown', 'csv', 'github-action-benchmark'],
  });
  const run = await fakeBench(options, scripted);
  assert.equal(run.exitCode, 0, run.printed);

  const results = JSON.parse(await readFile(join(tmp, 'sweep.json'), 'utf8')) as RunResults;
  assert.deepEqual(validateResults(results), []);
  assert.deepEqual(results.scenarios.map((s) => [s.scenario, s.items]), [['cpu', 2], ['cpu', 4]]);
  assert.deepEqual(results.parameters['items'], [2, 4]);
  for (const s of results.scenarios) assert.deepEqual(s.rows.map((r) => r.key), ['sequential', 'worker-threads/w1', 'worker-threads/w2']);

  const markdown = await readFile(join(tmp, 'sweep.md'), 'utf8');
  assert.ok(markdown.includes('## Scenario `cpu` at 2 items') && markdown.includes('## Scenario `cpu` at 4 items'));
  assert.match(markdown, /fitted by least squares to the median real time at 2, 4 items/);
  assert.ok(markdown.includes('## Decision matrix'));
  assert.ok(markdown.includes('| cpu (4 items) |'), 'the matrix reads the largest size');

  const charts = (await readdir(join(tmp, 'sweep-charts'))).sort();
  // The thumbnail scenarios record each task's start and end, so each size also gets a task timeline.
  // "Where the CPU went" needs per-thread figures, which only Linux gives.
  const where = (size: number): string[] => [`cpu-${size}-where.svg`];
  assert.deepEqual(charts, [
    ...['cpu-2-cpu.svg', 'cpu-2-real.svg', 'cpu-2-speedup.svg', 'cpu-2-timeline.svg', ...where(2)],
    ...['cpu-4-cpu.svg', 'cpu-4-real.svg', 'cpu-4-speedup.svg', 'cpu-4-timeline.svg', ...where(4)],
  ]);
  for (const chart of charts) assert.ok(markdown.includes(`(sweep-charts/${chart})`), `the report links ${chart}`);

  const csv = (await readFile(join(tmp, 'sweep.csv'), 'utf8')).trim().split('\n');
  assert.equal(csv.length, 1 + 6, 'a header and one line per row of each size');
  const benchmark = JSON.parse(await readFile(join(tmp, 'sweep.benchmark.json'), 'utf8')) as { name: string }[];
  assert.ok(benchmark.some((e) => e.name === 'cpu/worker-threads/w2 real (4 items)'));

  assert.doesNotMatch(run.printed, /Approach/, 'no terminal tables when terminal is not a chosen format');
  assert.ok(run.printed.includes(join(tmp, 'sweep.md')) && run.printed.includes(join(tmp, 'sweep.csv')), 'the files are named at the end');
});
