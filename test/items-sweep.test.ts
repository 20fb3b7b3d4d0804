import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../harness/results/records.js';
import { validateResults } from '../harness/results/schema.js';

const CLI = fileURLToPath(new URL('../harness/cli.js', import.meta.url));
let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-sweep-'));
});
after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

test('bench --items 2,4 with every file format: one scenario result per size, a fitted projection, charts beside the report', async () => {
  const args = [
    CLI, 'bench', '--scenario', 'cpu', '--items', '2,4', '--strategy', 'sequential,worker-threads', '--workers', '1,2',
    '--iterations', '1', '--warmup', '0', '--sample-interval', '50', '--out', tmp, '--cache-dir', join(tmp, 'cache'),
    '--name', 'sweep', '--format', 'json,markdown,csv,github-action-benchmark',
  ];
  const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, args, { cwd: tmp, timeout: 120_000, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
  assert.equal(run.code, 0, `stdout:\n${run.stdout}\nstderr:\n${run.stderr}`);

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
  const where = (size: number): string[] => (process.platform === 'linux' ? [`cpu-${size}-where.svg`] : []);
  assert.deepEqual(charts, [
    ...['cpu-2-cpu.svg', 'cpu-2-real.svg', 'cpu-2-speedup.svg', 'cpu-2-timeline.svg', ...where(2)],
    ...['cpu-4-cpu.svg', 'cpu-4-real.svg', 'cpu-4-speedup.svg', 'cpu-4-timeline.svg', ...where(4)],
  ]);
  for (const chart of charts) assert.ok(markdown.includes(`(sweep-charts/${chart})`), `the report links ${chart}`);

  const csv = (await readFile(join(tmp, 'sweep.csv'), 'utf8')).trim().split('\n');
  assert.equal(csv.length, 1 + 6, 'a header and one line per row of each size');
  const benchmark = JSON.parse(await readFile(join(tmp, 'sweep.benchmark.json'), 'utf8')) as { name: string }[];
  assert.ok(benchmark.some((e) => e.name === 'cpu/worker-threads/w2 real (4 items)'));

  assert.doesNotMatch(run.stdout, /Approach/, 'no terminal tables when terminal is not a chosen format');
  assert.ok(run.stdout.includes(join(tmp, 'sweep.md')) && run.stdout.includes(join(tmp, 'sweep.csv')), 'the files are named at the end');
});
