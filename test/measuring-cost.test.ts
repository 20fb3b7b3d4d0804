import { libuvProbeSecondsOf } from '../harness/instruments/threads.js';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunResults, TrialRecord } from '../harness/results/records.js';
import { scenarioNotes } from '../harness/report/notes.js';
import { completedRow, trial } from './fixtures/results.js';
import { measureProcess, type MessageMeaning } from '../harness/measure/process.js';
import { stackSamples } from '../harness/measure/cpu-timeline.js';
import { windowSampleInterval } from '../harness/run/rounds.js';
import { runCli } from './fixtures/cli.js';

test('every trial records the harness CPU it cost, and the report states the measuring cost', async () => {
  const tmp = await mkdtemp(join(tmpdir(), 'parabench-cost-'));
  try {
    const run = await runCli(
      ['bench', '--scenario', 'cpu', '--items', '3', '--strategy', 'sequential,child-process', '--workers', '2',
        '--sample-interval', '0,50', '--explain', '--iterations', '1', '--warmup', '0', '--out', tmp, '--name', 'cost'],
      { cwd: tmp },
    );
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const results = JSON.parse(await readFile(join(tmp, 'cost.json'), 'utf8')) as RunResults;
    const rows = results.scenarios[0]?.rows ?? [];
    assert.deepEqual(rows.map((row) => row.label), ['sequential sampling off', 'sequential sampling 50ms', 'child-process x2 sampling off', 'child-process x2 sampling 50ms']);
    for (const row of rows) {
      for (const trial of row.trials) assert.ok(trial.harnessCpuSeconds > 0 && trial.harnessCpuSeconds < trial.realSeconds * 2, `${row.label}: ${trial.harnessCpuSeconds}`);
      assert.equal(row.trials[0]?.timeline.length === 0, row.sampleIntervalMs === 0, `${row.label}: sampled only when asked`);
    }
    const report = await readFile(join(tmp, 'cost.md'), 'utf8');
    assert.match(report, /Measuring cost: the harness itself .* used a median [\d.]+% of one core while a trial ran \(at most [\d.]+%\); inside the work windows it used a median [\d.]+% of one core over the window/);
    const sampled = rows.filter((row) => row.sampleIntervalMs > 0).flatMap((row) => row.trials);
    assert.ok(sampled.every((t) => typeof t.harnessWindowCpuSeconds === 'number' && t.harnessWindowCpuSeconds <= t.harnessCpuSeconds), 'sampled trials record the harness CPU inside their window, a part of the whole');
    if (process.platform === 'linux') {
      const probes = rows.flatMap((row) => row.trials).map((t) => libuvProbeSecondsOf(t) ?? 0);
      assert.ok(probes.every((p, i) => p > 0 && p < (rows.flatMap((row) => row.trials)[i]?.realSeconds ?? 0)), `the libuv probe's time is recorded, inside real (${probes.join(', ')})`);
      assert.match(report, /the burst of libuv work that tells its pool's threads apart ran before the work window: a median [\d.]+ ms, [\d.]+% of a trial's real time/);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
});

/** A trial stand-in: marks a work window of `windowMs` wall milliseconds of busy JavaScript, with two idle worker threads beside it. */
const windowFixture = (windowMs: number): string => `
const { Worker } = require('node:worker_threads');
const idle = [0, 1].map(() => new Worker('setInterval(() => {}, 1000)', { eval: true }));
setTimeout(() => {
  process.send({ window: 'start' });
  const end = Date.now() + ${windowMs};
  while (Date.now() < end);
  process.send({ window: 'end' });
  for (const worker of idle) worker.terminate();
}, 50);`;

const readWindow = (message: unknown): MessageMeaning<never> => {
  const window = (message as { window?: 'start' | 'end' }).window;
  return window === undefined ? undefined : { window };
};

test('a short work window gets 25 samples at least, at a period chosen from its expected length, and its sampling cost is recorded', { skip: process.platform !== 'linux' ? 'samples threads from /proc' : false }, async () => {
  // Expected 100 ms (what a previous trial would have said); the fixture works 200 ms (about 66 samples at
  // that period), so a harness whose timer runs late on a busy machine (seen: a third of the samples) still passes,
  // while the old 10 ms floor (20 samples) fails.
  const intervalMs = windowSampleInterval(250, 0.1);
  assert.ok(intervalMs > 0 && intervalMs <= 4, `a 100 ms window is sampled every ${intervalMs} ms`);
  const m = await measureProcess({
    command: [process.execPath, '-e', windowFixture(200)],
    timeMethod: 'linux-proc-cutime',
    sampleIntervalMs: 250,
    windowSampleIntervalMs: intervalMs,
    readMessage: readWindow,
    timeoutSeconds: 30,
  });
  assert.equal(m.exitCode, 0, m.stderrTail);
  const { startSeconds, endSeconds } = m.window;
  assert.ok(startSeconds !== null && endSeconds !== null && endSeconds > startSeconds, 'the window was marked');
  const inWindow = m.threadSamples.filter((s) => s.seconds >= startSeconds - 1e-6 && s.seconds <= endSeconds + 0.002);
  assert.ok(inWindow.length >= 25, `${inWindow.length} samples over a ${((endSeconds - startSeconds) * 1000).toFixed(0)} ms window`);
  // Every thread of the tree is in every sample, idle ones carried from their last reading.
  const threads = new Set(inWindow.flatMap((s) => [...s.runSecondsByTid.keys()]));
  assert.ok(threads.size >= 3, `main thread and two workers seen (${threads.size} threads)`);
  const timeline = stackSamples(inWindow);
  const busiest = Math.max(...timeline.map((p) => p.cpuPercent));
  assert.ok(busiest > 50, `the busy main thread shows on the timeline (${busiest.toFixed(0)}% at most)`);
  assert.ok(m.harnessWindowCpuSeconds !== null && m.harnessWindowCpuSeconds > 0, 'the harness CPU inside the window is recorded');
  assert.ok(m.harnessWindowCpuSeconds < m.harnessCpuSeconds + 1e-9, 'it is a part of the whole trial\'s');
});

test('the measuring-cost note states the in-window share and the libuv probe, and names windows sampled more sparsely than asked', () => {
  /** A trial whose 1 s window (0.2-1.2 s) was sampled at `points` evenly spaced instants, costing the harness `windowCpu` seconds in it. */
  const sampled = (points: number, windowCpu: number): TrialRecord => ({
    ...trial(1.5, 1),
    harnessCpuSeconds: 0.015,
    harnessWindowCpuSeconds: windowCpu,
    libuvProbeSeconds: 0.009,
    window: { startSeconds: 0.2, endSeconds: 1.2 },
    windowSampleIntervalMs: 1000 / points,
    timeline: Array.from({ length: points }, (_, i) => ({ seconds: 0.2 + ((i + 1) * 1) / points, cpuPercent: 100, rssBytes: 1, processes: 1 })),
  });
  const base = completedRow({ strategy: 'sequential', label: 'sequential', key: 'sequential', reals: [1.5, 1.5] });
  const row = { ...base, trials: [sampled(40, 0.008), sampled(10, 0.004)] };
  const notes = scenarioNotes([row], {});
  const cost = notes.find((n) => n.startsWith('Measuring cost'));
  assert.ok(cost !== undefined, notes.join('\n'));
  assert.match(cost, /used a median 1\.00% of one core while a trial ran \(at most 1\.00%\); inside the work windows it used a median 0\.40% of one core over the window \(at most 0\.80%\)/);
  assert.match(cost, /a median 9\.0 ms, 0\.60% of a trial's real time/);
  assert.ok(notes.includes('1 of 2 sampled work windows got fewer than 25 samples (fewest 10): the harness\'s timer ran up to 100 ms between samples (a busy machine delays it); their timelines are coarse there.'), notes.join('\n'));
  const dense = scenarioNotes([{ ...base, trials: [sampled(40, 0.008)] }], {});
  assert.ok(!dense.some((n) => /fewer than 25 samples/.test(n)), 'no note when every window got its samples');
});
