/** The `independent` ceiling row: N sequential copies at once, verified, combined, and each pool's share of it. */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { StartGate, type CopiesMeasurement } from '../harness/measure/copies.js';
import type { ProcessMeasurement } from '../harness/measure/process.js';
import type { TrialReport } from '../harness/trial/report.js';
import type { Row, RunResults } from '../harness/results/records.js';
import { recordCopies } from '../harness/run/independent.js';
import { validateResults } from '../harness/results/schema.js';
import { runCli } from './fixtures/cli.js';

let tmp: string;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'parabench-independent-'));
});

after(async () => {
  await rm(tmp, { recursive: true, force: true });
});

const bench = (args: readonly string[]) => runCli(['bench', ...args], { cwd: tmp });

/** Foreign load, in cores, above which a trial's throughput says more about the machine than about the row. */
const QUIET_CORES = 0.5;

/** A copy that reported `items` items, each digest `digest`, in a work window of `work` seconds. */
function copy(work: number, items: number, digest: string, user: number, startMs = 1000): ProcessMeasurement<TrialReport> {
  return {
    threadSamples: [],
    window: { startSeconds: null, endSeconds: null },
    foreignCores: null,
    exitCode: 0,
    signal: null,
    realSeconds: work + 0.1,
    userSeconds: user,
    sysSeconds: 0.01,
    timeMethod: 'trial-self-report',
    peakRssBytes: 0,
    timeline: [],
    stderrTail: '',
    timedOut: false,
    harnessCpuSeconds: 0,
    harnessWindowCpuSeconds: null,
    report: {
      status: 'ok',
      bootSeconds: 0.03,
      prepareSeconds: 0.001,
      startupSeconds: 0,
      workSeconds: work,
      workUserSeconds: work * 0.9,
      workSysSeconds: work * 0.1,
      shutdownSeconds: 0,
      digestSeconds: 0,
      processUserSeconds: user,
      processSysSeconds: 0.01,
      childUserSeconds: 0,
      childSysSeconds: 0,
      maxRssKiB: 1,
      items,
      failures: [],
      counters: { skipped: 1 },
      boundSeconds: null,
      events: [],
      facts: {},
      digests: Array.from({ length: items }, () => digest),
      uvThreadpoolSize: '3',
      workWindowEpochMs: [startMs, startMs + work * 1000],
    },
  };
}

test('recordCopies counts every copy: items summed, work window the longest, each copy verified alone', () => {
  const m: CopiesMeasurement<TrialReport> = {
    foreignCores: null,
    realSeconds: 1.5,
    userSeconds: 2.2,
    sysSeconds: 0.3,
    timeMethod: 'linux-proc-cutime',
    peakRssBytes: 3,
    timeline: [],
    harnessCpuSeconds: 0.01,
    copies: [copy(1, 4, 'a', 1.1), copy(1.25, 4, 'a', 1.1, 1250)],
  };
  const record = recordCopies(2, false, m, ['a', 'a', 'a', 'a']);
  assert.equal(record.problem, null);
  assert.equal(record.verified, true);
  assert.equal(record.items, 8);
  assert.equal(record.workSeconds, 1.25);
  assert.equal(record.realSeconds, 1.5, 'real from the first spawn to the last exit');
  assert.equal(record.userSeconds, 2.2, 'user of all copies, as the kernel counted it');
  assert.ok(Math.abs((record.workUserSeconds ?? 0) - 2.025) < 1e-9, 'work CPU summed over copies');
  assert.deepEqual(record.counters, { skipped: 2 });
  assert.equal(record.uvThreadpoolSize, '3');
  assert.deepEqual(record.copies?.map((c) => [c.copy, c.workSeconds, c.workStartSeconds, c.items, c.verified]), [[1, 1, 0, 4, true], [2, 1.25, 0.25, 4, true]]);
  // Windows 1.0-2.0 s and 1.25-2.5 s: together 0.75 s of a 1.5 s span.
  assert.equal(record.copiesOverlap, 0.5);

  const wrong = recordCopies(2, false, { ...m, copies: [copy(1, 4, 'a', 1), copy(1, 4, 'b', 1)] }, ['a', 'a', 'a', 'a']);
  assert.match(wrong.problem ?? '', /^copy 2 of 2: output of item 0 differs/);
  assert.equal(wrong.verified, false);
  assert.equal(wrong.copies?.[0]?.verified, true);
});

test('the start gate lets copies work once all are ready, and a copy that ended early does not hold the others', () => {
  const released: number[] = [];
  const gate = new StartGate(3);
  gate.ready(0, () => released.push(0));
  gate.ready(2, () => released.push(2));
  assert.deepEqual(released, [], 'copy 1 is still starting');
  gate.ended(1);
  assert.deepEqual(released, [0, 2]);
  gate.ended(0);
  gate.ended(2);
  assert.deepEqual(released, [0, 2], 'each copy is let go once');
});

test('the ceiling row on CPU-bound work gets close to the cores, verifies every copy, is attributed by thread kind and gives pools their share', { skip: availableParallelism() < 2 ? 'needs 2 cores' : false }, async (context) => {
  const run = await bench([
    '--scenario', 'cpu-js', '--items', '6',
    '--strategy', 'sequential,worker-threads,independent', '--workers', '2',
    '--iterations', '3', '--warmup', '0', '--sample-interval', '50',
    '--out', tmp, '--cache-dir', join(tmp, 'cache'), '--name', 'ceiling', '--format', 'json,markdown',
  ]);
  assert.equal(run.code, 0, run.stderr);
  const results = JSON.parse(await readFile(join(tmp, 'ceiling.json'), 'utf8')) as RunResults;
  assert.deepEqual(validateResults(results), []);
  const rows = results.scenarios[0]?.rows ?? [];
  assert.deepEqual(rows.map((row) => row.key), ['sequential', 'independent/w2', 'worker-threads/w2']);
  const ceiling = rows[1] as Extract<Row, { state: 'completed' }>;
  assert.equal(ceiling.state, 'completed');
  for (const t of ceiling.trials) {
    assert.equal(t.verified, true, 'every copy matched the sequential outputs');
    assert.equal(t.copies?.length, 2);
    assert.ok(t.copies?.every((c) => c.verified && c.items === 6));
    assert.equal(t.items, 12);
    // Copies run one after another would overlap 0; a busy machine slows one copy more than the other, never to that.
    assert.ok(t.copiesOverlap !== undefined && t.copiesOverlap > 0.25 && t.copiesOverlap <= 1, `the copies' windows ran together (${String(t.copiesOverlap)})`);
    assert.equal(Math.min(...(t.copies ?? []).map((c) => c.workStartSeconds ?? -1)), 0, 'window starts are counted from the first copy\'s');
    // Real/user/sys count both copies: more CPU than both copies' work windows used together.
    const copiesWorkCpu = (t.copies ?? []).reduce((sum, c) => sum + (c.workUserSeconds ?? 0) + (c.workSysSeconds ?? 0), 0);
    assert.ok(t.userSeconds + t.sysSeconds > copiesWorkCpu, `user+sys ${t.userSeconds + t.sysSeconds} covers both copies' work CPU ${copiesWorkCpu}`);
    assert.ok(t.realSeconds >= Math.max(...(t.copies ?? []).map((c) => c.realSeconds)) - 0.01, 'real lasts until the last copy ended');
  }
  assert.ok(ceiling.command.includes('sequential'), 'the recorded command is a copy: the sequential trial');
  if (process.platform === 'linux') {
    for (const t of ceiling.trials) {
      assert.ok(t.threads?.available === true, 'each copy accounted for its threads, and the row sums them');
      assert.equal(t.threads.kinds['main-js']?.threads, 2, 'one main JavaScript thread per copy');
      assert.ok((t.threads.kinds['main-js']?.cpuSeconds ?? 0) > 0, 'the copies\' JavaScript did the work');
      assert.equal(t.jsThreads.filter((j) => j.role === 'main').length, 2, 'GC and event loops of both copies');
      assert.ok(t.timeline.some((point) => point.coresByKind !== undefined && (point.coresByKind['main-js'] ?? 0) > 0), 'its timeline is stacked by kind');
    }
  }
  // Other processes on a shared machine only ever slow a trial down, so the best trial of each row is
  // the least disturbed: compare those (items per second of work window, two copies against one),
  // among the trials that saw little foreign load. Copies run one after another would give 1.0.
  const quiet = (row: Row) => row.trials.filter((t) => t.foreignLoadCores === null || t.foreignLoadCores < QUIET_CORES);
  const best = (row: Row): number => Math.max(...quiet(row).map((t) => (t.items ?? 0) / (t.workSeconds ?? Number.POSITIVE_INFINITY)));
  if (quiet(ceiling).length === 0 || quiet(rows[0] as Row).length === 0) {
    const load = (row: Row): string => row.trials.map((t) => (t.foreignLoadCores ?? 0).toFixed(2)).join(', ');
    context.diagnostic(`throughput ratio not compared: every trial of a row saw other processes take ${QUIET_CORES} cores or more (sequential ${load(rows[0] as Row)}; ceiling ${load(ceiling)})`);
  } else {
    const bestRatio = best(ceiling) / best(rows[0] as Row);
    assert.ok(bestRatio > 1.3, `two copies processed ${bestRatio.toFixed(2)}x the items per second of one at best (expected > 1.3 on 2 cores)`);
  }
  const throughput = ceiling.summary.speedup?.work.value ?? 0;
  const pool = rows[2] as Extract<Row, { state: 'completed' }>;
  assert.equal(pool.state, 'completed');
  const share = pool.summary.ofCeiling?.value ?? 0;
  const expected = (pool.summary.speedup?.work.value ?? 0) / throughput;
  assert.ok(Math.abs(share - expected) / expected < 0.15, `share ${share} is the pool's throughput over the ceiling's (${expected})`);
  const report = await readFile(join(tmp, 'ceiling.md'), 'utf8');
  assert.match(report, /\| Of ceiling \|/);
  assert.match(report, /\| independent x2 \|.*\| ceiling \|/);
  assert.match(report, new RegExp(`worker-threads x2 reached ${(share * 100).toFixed(0)}% \\(± \\d+%\\) of what two independent processes reach on this machine`));
  assert.match(report, /independent x2: two copies of the sequential trial run as separate processes at once processed \d\.\d\dx the items per second.*Their work windows started [\d.]+ (?:ns|µs|ms|s) apart.* and ran together for \d+% of the span/);
  assert.match(report, /Decision matrix[\s\S]*\| worker-threads x2 \|/, 'the ceiling is never the winner');
  if (process.platform === 'linux') {
    assert.match(report, /independent x2 kept \d\.\d\d cores busy in its work window: main threads \d\.\d\d/, 'the notes say where the ceiling row\'s CPU went, per kind');
    assert.match(report, /Where the CPU went[\s\S]*\| independent x2 \| \d\.\d\d \|/, 'and so does the table');
  }
});

test('with several scenarios, the ceiling row runs only where it is one, and a scenario left with no row is skipped', async () => {
  const run = await bench([
    '--scenario', 'cpu,overhead', '--items', '2', '--strategy', 'independent', '--workers', '2',
    '--iterations', '1', '--warmup', '0', '--out', tmp, '--cache-dir', join(tmp, 'cache'), '--name', 'mixed-kinds', '--format', 'json',
  ]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /overhead: skipped, no row left to run \(independent is a ceiling only for CPU-bound scenarios\)/);
  const results = JSON.parse(await readFile(join(tmp, 'mixed-kinds.json'), 'utf8')) as RunResults;
  assert.deepEqual(results.scenarios.map((s) => [s.scenario, s.rows.map((row) => row.key)]), [['cpu', ['independent/w2']]]);
  assert.equal(results.scenarios[0]?.rows[0]?.trials[0]?.verified, true, 'verified against a sequential reference run apart');
});

test('independent is refused, exit 2, where it is no ceiling', async () => {
  for (const scenario of ['faults', 'io']) {
    const run = await bench(['--scenario', scenario, '--strategy', 'sequential,independent', '--out', tmp]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`--strategy independent is a ceiling only for CPU-bound scenarios \\(cpu, cpu-js\\), not for ${scenario}`));
  }
});
