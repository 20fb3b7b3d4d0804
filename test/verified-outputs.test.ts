import { runCli } from './fixtures/cli.js';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../harness/results/records.js';

const bench = (cwd: string, args: readonly string[]) => runCli(['bench', ...args], { cwd });
const LOSSY = fileURLToPath(new URL('./fixtures/lossy-strategy.js', import.meta.url));


test('a strategy that silently drops an item fails its row and the run, and is never the verdict', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-lossy-'));
  try {
    const run = await bench(tmp, [
      '--scenario', 'cpu', '--items', '3', '--iterations', '1', '--warmup', '0',
      '--strategy', `sequential,${LOSSY}`, '--out', tmp, '--cache-dir', join(tmp, 'cache'), '--name', 'lossy',
    ]);
    assert.equal(run.code, 1, 'a failed row makes the run exit 1');
    const results = JSON.parse(await readFile(join(tmp, 'lossy.json'), 'utf8')) as RunResults;
    const rows = results.scenarios[0]?.rows ?? [];
    const lossy = rows.find((row) => row.label === 'drops-last-item');
    assert.ok(lossy !== undefined);
    assert.equal(lossy.state, 'failed');
    assert.match(lossy.state === 'failed' ? lossy.failure : '', /item 2 produced no output/);
    assert.match(run.stdout, /drops-last-item FAILED/);
    assert.doesNotMatch(run.stdout, /drops-last-item ran/);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

test('--incremental skips up-to-date thumbnails and reports how many', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-incremental-'));
  try {
    const run = await bench(tmp, [
      '--scenario', 'cpu', '--items', '3', '--iterations', '1', '--warmup', '1', '--incremental',
      '--strategy', 'sequential,worker-threads', '--workers', '2', '--out', tmp, '--cache-dir', join(tmp, 'cache'), '--name', 'inc',
    ]);
    assert.equal(run.code, 0, run.stdout);
    const results = JSON.parse(await readFile(join(tmp, 'inc.json'), 'utf8')) as RunResults;
    for (const row of results.scenarios[0]?.rows ?? []) {
      const [warmup, measured] = row.trials;
      assert.equal(warmup?.counters['skipped'], 0, `${row.label} made every thumbnail in its first trial`);
      assert.equal(measured?.counters['skipped'], 3, `${row.label} skipped every thumbnail in its second trial`);
      assert.equal(measured?.verified, true);
    }
    assert.match(run.stdout, /skipped 3 up-to-date outputs/);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});
