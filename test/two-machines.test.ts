/** Two "machines" on one: a run pinned to one core with taskset and a run on all cores, merged and compared across machines. */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { RunResults } from '../harness/results/records.js';

const CLI = fileURLToPath(new URL('../harness/cli.js', import.meta.url));
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const skip = !hasTaskset ? 'taskset is not installed' : availableParallelism() < 2 ? 'only one core: nothing to tell apart' : false;

let dir: string | undefined;
after(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function run(command: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 120_000, env: { ...process.env, NO_COLOR: '1', COLUMNS: '100' } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

/** A tiny run: the overhead scenario, sequential against a pool of two threads, one trial each. */
const bench = (out: string, name: string): string[] => [
  CLI, 'bench', '--scenario', 'overhead', '--items', '200', '--strategy', 'sequential,worker-threads', '--workers', '2',
  '--iterations', '2', '--warmup', '0', '--sample-interval', '0', '--format', 'json', '--out', out, '--name', name, '--machine-name', name,
];

test('taskset -c 0 and all cores: two contexts, compare refuses them without --cross-machine, merge shows both', { skip }, async () => {
  dir = await mkdtemp(join(tmpdir(), 'parabench-two-machines-'));
  const pinned = await run('taskset', ['-c', '0', process.execPath, ...bench(dir, 'one-core')]);
  assert.equal(pinned.code, 0, pinned.stderr);
  const all = await run(process.execPath, bench(dir, 'all-cores'));
  assert.equal(all.code, 0, all.stderr);
  const one = JSON.parse(await readFile(join(dir, 'one-core.json'), 'utf8')) as RunResults;
  const every = JSON.parse(await readFile(join(dir, 'all-cores.json'), 'utf8')) as RunResults;
  // Node's availableParallelism follows the affinity mask, and the context records both.
  assert.equal(one.context.cores, 1);
  assert.equal(every.context.cores, availableParallelism());
  if (process.platform === 'linux') {
    assert.equal(one.context.affinity, '0');
    assert.notEqual(every.context.affinity, one.context.affinity);
  }
  for (const results of [one, every]) {
    assert.deepEqual(results.scenarios[0]?.rows.map((row) => [row.label, row.state]), [['sequential', 'completed'], ['worker-threads x2', 'completed']]);
  }

  const files = [join(dir, 'one-core.json'), join(dir, 'all-cores.json')];
  const refused = await run(process.execPath, [CLI, 'compare', ...files]);
  assert.equal(refused.code, 2, 'different machines are a usage error without --cross-machine');
  assert.match(refused.stderr, new RegExp(`cores: 1 vs ${availableParallelism()}`));
  assert.match(refused.stderr, /--cross-machine/);
  const crossed = await run(process.execPath, [CLI, 'compare', ...files, '--cross-machine']);
  assert.equal(crossed.code, 0, crossed.stderr);
  assert.match(crossed.stdout, /speedup of real time over each machine's own sequential run/);
  assert.match(crossed.stdout, /overhead \(200 items\)\s+[\d.]+x ± \d+% \(n=2\)\s+[\d.]+x/, 'speedups, not times, on each side');
  assert.match(crossed.stdout, /worker-threads/);

  const merged = await run(process.execPath, [CLI, 'merge', ...files, '--format', 'markdown']);
  assert.equal(merged.code, 0, merged.stderr);
  assert.ok(merged.stdout.includes('| Scenario | Strategy | one-core | all-cores |'), merged.stdout);
  assert.match(merged.stdout, /\| one-core \| [^|]* \| 1 \(CPUs 0\) \|/);
  const threads = merged.stdout.split('\n').find((line) => line.startsWith('| overhead (200 items) | worker-threads |'));
  assert.ok(threads !== undefined, merged.stdout);
  const cells = threads.split('|').slice(3, 5).map((cell) => cell.trim());
  for (const cell of cells) assert.match(cell, /^\d+\.\d\dx \(x2\), \d+%\/core; /, `each machine has its own speedup: ${threads}`);
  // The terminal table fits the width it was given.
  const terminal = await run(process.execPath, [CLI, 'merge', ...files]);
  assert.equal(terminal.code, 0, terminal.stderr);
  for (const line of terminal.stdout.split('\n')) assert.ok([...line].length <= 100, line);
});
