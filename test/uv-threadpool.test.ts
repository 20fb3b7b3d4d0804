/** `--uv-threadpool`: UV_THREADPOOL_SIZE in each row's trials, one row per value, bad values refused with exit 2. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RunResults } from '../harness/results/records.js';
import { runCli } from './fixtures/cli.js';
import { runHere } from './fixtures/command-line.js';

let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-uv-'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const bench = (args: readonly string[]) => runCli(['bench', ...args], { cwd: tmp });

test('--uv-threadpool 1,3 runs each row once per size, and each trial sees its size', async () => {
  const run = await bench([
    '--scenario', 'cpu', '--items', '2', '--strategy', 'sequential,promise', '--concurrency', '2', '--uv-threadpool', '1,3',
    '--iterations', '1', '--warmup', '0', '--out', tmp, '--cache-dir', join(tmp, 'cache'), '--name', 'uv', '--format', 'json,markdown',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const results = JSON.parse(await readFile(join(tmp, 'uv.json'), 'utf8')) as RunResults;
  const rows = results.scenarios[0]?.rows ?? [];
  assert.deepEqual(rows.map((row) => [row.label, row.uvThreadpoolSize]), [['sequential uv1', 1], ['sequential uv3', 3], ['promise c2 uv1', 1], ['promise c2 uv3', 3]]);
  for (const row of rows) {
    assert.equal(row.state, 'completed', row.label);
    for (const t of row.trials) assert.equal(t.uvThreadpoolSize, String(row.uvThreadpoolSize), `${row.label}: the trial's own environment`);
  }
  assert.deepEqual(results.parameters['uvThreadpoolSizes'], [1, 3]);
  const report = await readFile(join(tmp, 'uv.md'), 'utf8');
  assert.match(report, /\| promise c2 uv3 \|/);
  assert.match(report, /uvThreadpoolSize: 1, 3 \(--uv-threadpool, set per row\)/);
  assert.match(report, /`UV_THREADPOOL_SIZE=1 \/usr\/bin\/time -v .* trial --scenario cpu --strategy promise/);
});

test('--uv-threadpool refuses values libuv does not take, exit 2 naming the range', async () => {
  for (const value of ['0', 'abc', '2000', '1,-2', '1.5']) {
    const run = await runHere(['bench', '--scenario', 'cpu', '--uv-threadpool', value, '--out', tmp], { cwd: tmp });
    assert.equal(run.code, 2, `${value}: ${run.stderr}`);
    assert.match(run.stderr, /--uv-threadpool takes whole numbers from 1 to 1024/, value);
  }
});
