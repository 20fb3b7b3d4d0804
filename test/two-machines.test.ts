/** Two "machines" on one: a run pinned to one core with taskset, or held to one CPU of time by a control group's quota, and a run on all cores, merged and compared across machines. */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, rmdir, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { cpuQuota } from '../harness/measure/cpu-quota.js';
import type { RunResults } from '../harness/results/records.js';
import { runNotesOf } from '../harness/report/notes.js';

const CLI = fileURLToPath(new URL('../harness/cli.js', import.meta.url));
const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
const skip = !hasTaskset ? 'taskset is not installed' : availableParallelism() < 2 ? 'only one core: nothing to tell apart' : false;

let dir: string | undefined;
let quotaDir: string | undefined;
after(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  if (quotaDir !== undefined) await rm(quotaDir, { recursive: true, force: true });
});

function run(command: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 120_000, env: { ...process.env, NO_COLOR: '1', COLUMNS: '100' } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

/** A tiny run: the overhead scenario, sequential against a pool of two threads, one trial each. */
const bench = (out: string, name: string, machine = name): string[] => [
  CLI, 'bench', '--scenario', 'overhead', '--items', '200', '--strategy', 'sequential,worker-threads', '--workers', '2',
  '--iterations', '2', '--warmup', '0', '--sample-interval', '0', '--format', 'json', '--out', out, '--name', name, '--machine-name', machine,
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
  // The first line of the row: the name, then base and head each starting with a speedup (the rest of a cell may wrap).
  assert.match(crossed.stdout, /overhead \(200 items\) +[\d.]+x ±.* [\d.]+x ±/, 'speedups, not times, on each side');
  assert.match(crossed.stdout, /worker-threads/);

  const merged = await run(process.execPath, [CLI, 'merge', ...files, '--format', 'markdown']);
  assert.equal(merged.code, 0, merged.stderr);
  assert.ok(merged.stdout.includes('| Scenario | Strategy | one-core | all-cores |'), merged.stdout);
  assert.match(merged.stdout, /\| one-core \| [^|]* \| 1 \(CPUs 0\)(?:, quota [\d.]+ CPUs)? \|/);
  const threads = merged.stdout.split('\n').find((line) => line.startsWith('| overhead (200 items) | worker-threads |'));
  assert.ok(threads !== undefined, merged.stdout);
  const cells = threads.split('|').slice(3, 5).map((cell) => cell.trim());
  for (const cell of cells) assert.match(cell, /^\d+\.\d\dx \(x2\), \d+%\/core; /, `each machine has its own speedup: ${threads}`);
  // The terminal table fits the width it was given.
  const terminal = await run(process.execPath, [CLI, 'merge', ...files]);
  assert.equal(terminal.code, 0, terminal.stderr);
  for (const line of terminal.stdout.split('\n')) assert.ok([...line].length <= 100, line);
});

/** A cgroup v1 cpu hierarchy this process sits at the root of and may make groups in (root on most Linux VMs); undefined elsewhere. */
async function writableCpuHierarchy(): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  const self = await readFile('/proc/self/cgroup', 'utf8').catch(() => '');
  if (!/^\d+:(?:[^:]*,)?cpu(?:,[^:]*)?:\/$/m.test(self)) return undefined;
  for (const mount of ['/sys/fs/cgroup/cpu', '/sys/fs/cgroup/cpu,cpuacct']) {
    try {
      await access(join(mount, 'cpu.cfs_quota_us'));
      const probe = join(mount, `parabench-probe-${process.pid}`);
      await mkdir(probe);
      await rmdir(probe);
      return mount;
    } catch {
      // not this one
    }
  }
  return undefined;
}

test('a CPU quota of one CPU on all cores: the context records it, the report names it, compare sets the files apart', async (context) => {
  const hierarchy = await writableCpuHierarchy();
  if (hierarchy === undefined || availableParallelism() < 2) {
    context.skip('needs a writable cgroup v1 cpu hierarchy (root on Linux) and 2 cores');
    return;
  }
  quotaDir = await mkdtemp(join(tmpdir(), 'parabench-quota-'));
  const group = join(hierarchy, `parabench-quota-${process.pid}`);
  await mkdir(group);
  try {
    await writeFile(join(group, 'cpu.cfs_period_us'), '100000');
    await writeFile(join(group, 'cpu.cfs_quota_us'), '100000');
    // The shell joins the group, then becomes the run: the run and all it starts are held to one CPU of time.
    const limited = await run('sh', ['-c', 'echo $$ > "$0/cgroup.procs" && exec "$@"', group, process.execPath, ...bench(quotaDir, 'one-cpu', 'here'), '--format', 'json,markdown']);
    assert.equal(limited.code, 0, limited.stderr);
  } finally {
    await rmdir(group).catch(() => undefined);
  }
  const free = await run(process.execPath, bench(quotaDir, 'no-quota', 'here'));
  assert.equal(free.code, 0, free.stderr);
  const one = JSON.parse(await readFile(join(quotaDir, 'one-cpu.json'), 'utf8')) as RunResults;
  const every = JSON.parse(await readFile(join(quotaDir, 'no-quota.json'), 'utf8')) as RunResults;
  // A quota above this group (a container's own) still applies: the tighter one is recorded.
  const outside = cpuQuota();
  const held = Math.min(1, outside ?? Number.POSITIVE_INFINITY);
  assert.equal(one.context.cpuQuota, held);
  assert.equal(one.context.cores, availableParallelism(), 'the affinity still lists every core: only the quota tells');
  assert.equal(every.context.cpuQuota, outside);
  assert.ok(runNotesOf(one).some((note) => note.includes(`CPU quota lets this run's processes use ${held.toFixed(2)} CPUs of time`)), runNotesOf(one).join('\n'));
  assert.ok((await readFile(join(quotaDir, 'one-cpu.md'), 'utf8')).includes(`), quota ${held.toFixed(2)} CPUs available`), 'the Machine table shows the quota');
  if (outside === undefined || outside > 1) {
    const refused = await run(process.execPath, [CLI, 'compare', join(quotaDir, 'no-quota.json'), join(quotaDir, 'one-cpu.json')]);
    assert.equal(refused.code, 2, 'a quota makes another machine, under the same name');
    const before = outside === undefined ? 'none recorded' : `${outside.toFixed(2)} CPUs`;
    assert.ok(refused.stderr.includes(`CPU quota: ${before} vs 1.00 CPUs`), refused.stderr);
  }
});
