/** A control group's CPU quota: read from cgroup v2 and v1 files, recorded in the context, named in reports and comparisons. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { machineDifferences } from '../harness/compare/compare.js';
import { cpuQuota } from '../harness/measure/cpu-quota.js';
import { type Context, usableCores } from '../harness/measure/context.js';
import { coresAvailable } from '../harness/report/format.js';
import { runNotes } from '../harness/report/notes.js';
import { summarise } from '../harness/statistics/summary.js';

const roots: string[] = [];
after(async () => {
  for (const root of roots) await rm(root, { recursive: true, force: true });
});

/** A fake /proc/self/cgroup and cgroup mount: `files` maps paths under the mount to their text. */
async function fakeCgroups(selfCgroup: string, files: Readonly<Record<string, string>>): Promise<{ selfCgroup: string; mount: string }> {
  const root = await mkdtemp(join(tmpdir(), 'parabench-cgroup-'));
  roots.push(root);
  const mount = join(root, 'sys-fs-cgroup');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(mount, path)), { recursive: true });
    await writeFile(join(mount, path), text);
  }
  await writeFile(join(root, 'self-cgroup'), selfCgroup);
  return { selfCgroup: join(root, 'self-cgroup'), mount };
}

test('cgroup v2: the tightest cpu.max of the group and those above it, in CPUs; "max" is no limit', async () => {
  const nested = await fakeCgroups('0::/ci/job\n', { 'ci/job/cpu.max': 'max 100000\n', 'ci/cpu.max': '150000 100000\n' });
  assert.equal(cpuQuota(nested), 1.5, 'the parent limits the job');
  const tighter = await fakeCgroups('0::/ci/job\n', { 'ci/job/cpu.max': '50000 100000\n', 'ci/cpu.max': '150000 100000\n' });
  assert.equal(cpuQuota(tighter), 0.5);
  const none = await fakeCgroups('0::/ci/job\n', { 'ci/job/cpu.max': 'max 100000\n' });
  assert.equal(cpuQuota(none), undefined);
});

test('cgroup v1: cpu.cfs_quota_us over cpu.cfs_period_us under the cpu hierarchy; -1 is no limit; a container sees its own root', async () => {
  const limited = await fakeCgroups('4:memory:/x\n3:cpu,cpuacct:/docker/abc\n', {
    'cpu,cpuacct/docker/abc/cpu.cfs_quota_us': '200000\n',
    'cpu,cpuacct/docker/abc/cpu.cfs_period_us': '100000\n',
  });
  assert.equal(cpuQuota(limited), 2);
  const unlimited = await fakeCgroups('1:cpu:/\n', { 'cpu/cpu.cfs_quota_us': '-1\n', 'cpu/cpu.cfs_period_us': '100000\n' });
  assert.equal(cpuQuota(unlimited), undefined);
  // Inside a container the group names the host's path, but the mount shows the container's group at its root.
  const container = await fakeCgroups('3:cpu,cpuacct:/kubepods/pod1/abc\n', { 'cpu/cpu.cfs_quota_us': '75000\n', 'cpu/cpu.cfs_period_us': '100000\n' });
  assert.equal(cpuQuota(container), 0.75);
});

test('no control groups (another OS, or files that cannot be read): no quota', async () => {
  assert.equal(cpuQuota({ selfCgroup: join(tmpdir(), 'parabench-no-such-file'), mount: join(tmpdir(), 'parabench-no-such-mount') }), undefined);
  const garbled = await fakeCgroups('not a cgroup line\n', { 'cpu.max': 'lots 0\n' });
  assert.equal(cpuQuota(garbled), undefined);
});

const CONTEXT: Context = {
  machine: 'm', cpuModel: 'cpu', cores: 2, affinity: '0-1', memoryBytes: 2 ** 30, os: 'Linux', arch: 'x64', node: 'v20', v8: '11',
  sharp: 'unknown', libvips: 'unknown', gitCommit: null, startedAt: '2026-01-01T00:00:00Z', timeMethod: 'linux-proc-cutime', env: {},
};

test('a quota below the cores is named in the run notes, caps the usable cores, shows beside the cores, and sets two files apart', async () => {
  const limited: Context = { ...CONTEXT, cpuQuota: 1.5 };
  const start = await summarise([0.04, 0.05, 0.06]);
  assert.ok(runNotes(limited, start, [2]).some((note) => /CPU quota lets this run's processes use 1\.50 CPUs of time, fewer than the 2 cores/.test(note)));
  assert.ok(!runNotes(CONTEXT, start, [2]).some((note) => /quota/.test(note)), 'no quota, no note');
  assert.ok(!runNotes({ ...CONTEXT, cpuQuota: 4 }, start, [2]).some((note) => /quota/.test(note)), 'a quota above the cores limits nothing');
  assert.equal(usableCores(limited), 1.5);
  assert.equal(usableCores({ ...CONTEXT, cpuQuota: 4 }), 2);
  assert.equal(coresAvailable(limited), '2 cores (CPUs 0-1), quota 1.50 CPUs');
  assert.equal(coresAvailable({ cores: 1 }), '1 core');
  assert.deepEqual(machineDifferences(CONTEXT, limited), ['CPU quota: none recorded vs 1.50 CPUs']);
  assert.deepEqual(machineDifferences(limited, { ...limited }), []);
  assert.deepEqual(machineDifferences(CONTEXT, { ...CONTEXT, cpuQuota: 4 }), [], 'a quota above the cores limits nothing: the same machine as a file with none recorded');
  assert.deepEqual(machineDifferences({ ...CONTEXT, cpuQuota: 1 }, limited), ['CPU quota: 1.00 CPUs vs 1.50 CPUs']);
});
